namespace Foi.Modules.Authorities.Domain;

/// <summary>A public body that FOI requests can be sent to.</summary>
internal sealed class Authority
{
    /// <summary>Tags that mean the body cannot receive requests.</summary>
    public static readonly IReadOnlySet<string> ClosedTags = new HashSet<string>(StringComparer.Ordinal) { "defunct", "not_apply" };

    private Authority()
    {
    }

    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public string ShortName { get; private set; } = "";
    public string Slug { get; private set; } = "";
    public string? RequestEmail { get; private set; }
    public string? HomePage { get; private set; }
    public string? Notes { get; private set; }

    /// <summary>The key of the law it answers under (Requests:Laws); null for the site's default law.</summary>
    public string? Law { get; private set; }

    /// <summary>Tags stored as " a b c " so that one tag can be matched with a LIKE on any provider.</summary>
    public string TagsText { get; private set; } = " ";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public IReadOnlyList<string> Tags => TagsText.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public bool CanReceiveRequests => AcceptsRequests(RequestEmail, TagsText);

    /// <summary>The rule behind <see cref="CanReceiveRequests"/>, for queries that read only these two columns.</summary>
    public static bool AcceptsRequests(string? requestEmail, string tagsText) =>
        !string.IsNullOrWhiteSpace(requestEmail) && !tagsText.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(ClosedTags.Contains);

    public static string TagPattern(string tag) => $" {NormaliseTag(tag)} ";

    public static Authority Create(AuthorityDetails details, string slug, DateTimeOffset now)
    {
        var authority = new Authority { CreatedAt = now };
        authority.Apply(details, slug, now);
        return authority;
    }

    /// <summary>Applies the details; returns the names of the fields that changed.</summary>
    public IReadOnlyList<string> Update(AuthorityDetails details, string slug, DateTimeOffset now)
    {
        var changed = Diff(details, slug);
        if (changed.Count > 0)
        {
            Apply(details, slug, now);
        }
        return changed;
    }

    /// <summary>The fields that would change, without changing anything (for dry runs).</summary>
    public IReadOnlyList<string> Diff(AuthorityDetails details, string slug)
    {
        var changed = Compare(Snapshot(), (details.Name.Trim(), Blank(details.ShortName) ?? "", slug, Blank(details.RequestEmail), Blank(details.HomePage), Blank(details.Notes), JoinTags(details.Tags)));
        if (Law != Blank(details.Law))
        {
            changed.Add("law");
        }
        return changed;
    }

    public static IReadOnlyList<string> ParseTags(string? text) =>
        (text ?? "").Split([' ', ',', ';', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)
            .Select(NormaliseTag).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    private void Apply(AuthorityDetails details, string slug, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(details.Name))
        {
            throw new ArgumentException("An authority needs a name.", nameof(details));
        }
        Name = details.Name.Trim();
        ShortName = Blank(details.ShortName) ?? "";
        Slug = slug;
        RequestEmail = Blank(details.RequestEmail);
        HomePage = Blank(details.HomePage);
        Notes = Blank(details.Notes);
        TagsText = JoinTags(details.Tags);
        Law = Blank(details.Law);
        UpdatedAt = now;
    }

    private (string, string, string, string?, string?, string?, string) Snapshot() =>
        (Name, ShortName, Slug, RequestEmail, HomePage, Notes, TagsText);

    private static List<string> Compare(
        (string Name, string ShortName, string Slug, string? Email, string? HomePage, string? Notes, string Tags) a,
        (string Name, string ShortName, string Slug, string? Email, string? HomePage, string? Notes, string Tags) b)
    {
        var changed = new List<string>();
        if (a.Name != b.Name) { changed.Add("name"); }
        if (a.ShortName != b.ShortName) { changed.Add("short_name"); }
        if (a.Slug != b.Slug) { changed.Add("slug"); }
        if (a.Email != b.Email) { changed.Add("request_email"); }
        if (a.HomePage != b.HomePage) { changed.Add("home_page"); }
        if (a.Notes != b.Notes) { changed.Add("notes"); }
        if (a.Tags != b.Tags) { changed.Add("tags"); }
        return changed;
    }

    private static string JoinTags(IEnumerable<string> tags) => " " + string.Join(' ', tags.Select(NormaliseTag).Where(t => t.Length > 0).Distinct().Order(StringComparer.Ordinal)) + " ";

    private static string NormaliseTag(string tag) => tag.Trim().ToLowerInvariant();

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>The editable facts of an authority, as typed in a form or read from a CSV row.</summary>
internal sealed record AuthorityDetails(
    string Name,
    string? ShortName,
    string? RequestEmail,
    string? HomePage,
    string? Notes,
    IReadOnlyList<string> Tags,
    string? Law = null);
