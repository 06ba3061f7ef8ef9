namespace Foi.Modules.Requests.FileRequest;

/// <summary>The letter a new request starts from, and the test that the citizen actually wrote something in it.</summary>
internal static class LetterTemplate
{
    public const string SignOff = "Yours faithfully,";

    public static string For(string authorityName, string? requesterName) =>
        $"Dear {authorityName},\n\n\n\n{SignOff}\n\n{requesterName}".TrimEnd() + (requesterName is null ? "\n\n" : "");

    /// <summary>Adds the requester's name under the sign-off of a draft written before they signed in.</summary>
    public static string SignedBy(string body, string requesterName) =>
        body.TrimEnd().EndsWith(SignOff, StringComparison.Ordinal) ? body.TrimEnd() + "\n\n" + requesterName : body;

    /// <summary>True when the letter has real content beyond the greeting, the sign-off and the name.</summary>
    public static bool HasOwnWords(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return false;
        }
        var lines = body.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var greeting = lines.FindIndex(l => l.StartsWith("Dear ", StringComparison.OrdinalIgnoreCase));
        var signOff = lines.FindLastIndex(l => l.Equals(SignOff, StringComparison.OrdinalIgnoreCase));
        var from = greeting >= 0 ? greeting + 1 : 0;
        var to = signOff >= 0 ? signOff : lines.Count;
        var ownWords = lines.Skip(from).Take(Math.Max(0, to - from));
        return ownWords.Sum(l => l.Count(c => !char.IsWhiteSpace(c))) >= 10;
    }
}
