namespace Foi.Common.Site;

/// <summary>Site-wide settings, bound from the <c>Site</c> configuration section.</summary>
internal sealed class SiteOptions
{
    public const string Section = "Site";

    /// <summary>Overrides the theme's site name when set.</summary>
    public string Name { get; set; } = "";

    /// <summary>Public base URL used in links that leave the site (emails).</summary>
    public string BaseUrl { get; set; } = "http://localhost:5000";

    /// <summary>Where the SQLite database, keys and the mail pickup folder live; relative to the content root.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>IANA zone in which due dates and "today" are reckoned.</summary>
    public string TimeZone { get; set; } = "Europe/London";

    /// <summary>Seeds fictional authorities into an empty database, so a newcomer can try the whole flow.</summary>
    public bool SeedDemoData { get; set; }

    public string ResolveDataDirectory(string contentRoot) =>
        Path.GetFullPath(Path.IsPathRooted(DataDirectory) ? DataDirectory : Path.Combine(contentRoot, DataDirectory));

    public TimeZoneInfo ResolveTimeZone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}
