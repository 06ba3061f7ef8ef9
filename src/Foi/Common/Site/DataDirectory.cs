namespace Foi.Common.Site;

/// <summary>The resolved, absolute data directory (SQLite file, keys, mail pickup folder).</summary>
internal sealed record DataDirectory(string Path);
