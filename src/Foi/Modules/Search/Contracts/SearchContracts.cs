namespace Foi.Modules.Search.Contracts;

/// <summary>A search someone follows, asked again of new things: which of these requests does it find now?</summary>
public interface ISavedSearches
{
    /// <summary>
    /// Those of <paramref name="requestIds"/> that the search page's query <paramref name="query"/> (its syntax and
    /// filters) finds among requests.
    /// </summary>
    IReadOnlySet<int> RequestsMatching(string query, IReadOnlyCollection<int> requestIds);
}
