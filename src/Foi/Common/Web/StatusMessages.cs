namespace Foi.Common.Web;

/// <summary>
/// A module that answers with a bare status code can leave the sentence the status page shows in its place
/// (the page is rendered later, by the status-code middleware, in the same request).
/// </summary>
internal static class StatusMessages
{
    public const string Key = "Foi.StatusMessage";
}
