using System.Globalization;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Requests.Contracts;
using Foi.Modules.Users.Contracts;
using Lucene.Net.Documents;
using Lucene.Net.Util;

namespace Foi.Modules.Search.Index;

/// <summary>The fields of the index. Keyword fields are matched exactly by the field filters (<c>status:successful</c>).</summary>
internal static class SearchFields
{
    public const string Key = "key";
    public const string Kind = "kind";
    public const string Title = "title";
    public const string Text = "text";
    public const string Attachments = "attachments";
    public const string Url = "url";
    public const string Status = "status";
    public const string StatusLabel = "status_label";
    public const string Authority = "authority";
    public const string AuthorityName = "authority_name";
    public const string RequestedBy = "requested_by";
    public const string RequesterName = "requester_name";
    public const string RequesterId = "requester_id";
    public const string FileType = "filetype";
    public const string Tag = "tag";
    public const string Created = "created";
    public const string StatusFacet = "status_facet";
    public const string KindFacet = "kind_facet";

    /// <summary>Searched when a query names no field.</summary>
    public static readonly string[] FullText = [Title, Text, Attachments, AuthorityName, RequesterName];

    /// <summary>Matched as whole, lower-cased keywords, not as English text.</summary>
    public static readonly string[] Keywords = [Kind, Status, Authority, RequestedBy, FileType, Tag];
}

internal static class SearchKinds
{
    public const string Request = "request";
    public const string Authority = "authority";
    public const string User = "user";
}

internal static class SearchDocuments
{
    public static string RequestKey(int id) => $"request:{id}";

    public static string UserKey(int id) => $"user:{id}";

    public static string AuthorityKey(int id) => $"authority:{id}";

    public static Document ForUser(PublicProfile profile) => new()
    {
        new StringField(SearchFields.Key, UserKey(profile.Id), Field.Store.YES),
        new StringField(SearchFields.Kind, SearchKinds.User, Field.Store.YES),
        new SortedDocValuesField(SearchFields.KindFacet, new BytesRef(SearchKinds.User)),
        new TextField(SearchFields.Title, profile.Name, Field.Store.YES),
        new TextField(SearchFields.Text, Masked(profile.AboutMe), Field.Store.YES),
        new StoredField(SearchFields.Url, $"/user/{profile.Slug}"),
        new StringField(SearchFields.RequestedBy, profile.Slug.ToLowerInvariant(), Field.Store.NO),
    };

    /// <summary>Pages never show an email address in full (replies, profiles), so the index must not let anyone find one.</summary>
    private static string Masked(string text) => System.Text.RegularExpressions.Regex.Replace(
        text, @"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}", "[email address]", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));

    public static Document ForRequest(SearchableRequest request)
    {
        var document = new Document
        {
            new StringField(SearchFields.Key, RequestKey(request.Id), Field.Store.YES),
            new StringField(SearchFields.Kind, SearchKinds.Request, Field.Store.YES),
            new TextField(SearchFields.Title, request.Title, Field.Store.YES),
            new TextField(SearchFields.Text, Masked(request.Text), Field.Store.YES),
            new StoredField(SearchFields.Url, $"/request/{request.Slug}"),
            new StringField(SearchFields.Status, request.Status, Field.Store.YES),
            new SortedDocValuesField(SearchFields.StatusFacet, new BytesRef(request.Status)),
            new SortedDocValuesField(SearchFields.KindFacet, new BytesRef(SearchKinds.Request)),
            new StoredField(SearchFields.StatusLabel, request.StatusLabel),
            new StringField(SearchFields.Authority, request.AuthoritySlug.ToLowerInvariant(), Field.Store.NO),
            new TextField(SearchFields.AuthorityName, request.AuthorityName, Field.Store.YES),
            new StringField(SearchFields.RequestedBy, request.RequesterSlug.ToLowerInvariant(), Field.Store.YES),
            new TextField(SearchFields.RequesterName, request.RequesterName, Field.Store.YES),
            new StringField(SearchFields.RequesterId, request.RequesterId.ToString(CultureInfo.InvariantCulture), Field.Store.NO),
            // Milliseconds, so that newest first orders requests made within the same second.
            new Int64Field(SearchFields.Created, request.CreatedAt.ToUnixTimeMilliseconds(), Field.Store.YES),
            new NumericDocValuesField(SearchFields.Created, request.CreatedAt.ToUnixTimeMilliseconds()),
        };
        foreach (var attachment in request.Attachments)
        {
            document.Add(new TextField(SearchFields.Attachments, $"{attachment.FileName}\n{Masked(attachment.Text)}", Field.Store.YES));
            document.Add(new StringField(SearchFields.FileType, FileType(attachment), Field.Store.NO));
        }
        return document;
    }

    public static Document ForAuthority(SearchableAuthority authority)
    {
        var document = new Document
        {
            new StringField(SearchFields.Key, AuthorityKey(authority.Id), Field.Store.YES),
            new StringField(SearchFields.Kind, SearchKinds.Authority, Field.Store.YES),
            new SortedDocValuesField(SearchFields.KindFacet, new BytesRef(SearchKinds.Authority)),
            new TextField(SearchFields.Title, authority.Name, Field.Store.YES),
            new TextField(SearchFields.Text, $"{authority.ShortName}\n{Masked(authority.Notes)}", Field.Store.YES),
            new StoredField(SearchFields.Url, $"/authority/{authority.Slug}"),
            new StringField(SearchFields.Authority, authority.Slug.ToLowerInvariant(), Field.Store.NO),
        };
        foreach (var tag in authority.Tags)
        {
            document.Add(new StringField(SearchFields.Tag, tag.ToLowerInvariant(), Field.Store.NO));
        }
        return document;
    }

    /// <summary>The extension people type after <c>filetype:</c>; the MIME subtype when the name has none.</summary>
    private static string FileType(SearchableAttachment attachment)
    {
        var extension = Path.GetExtension(attachment.FileName).TrimStart('.');
        if (extension.Length == 0)
        {
            extension = attachment.ContentType.Split('/').Last();
        }
        return extension.ToLower(CultureInfo.InvariantCulture);
    }
}
