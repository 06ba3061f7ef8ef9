using System.Globalization;
using System.Text;

namespace Foi.Common.Site;

/// <summary>Readable URL slugs: lowercase ASCII words joined by hyphens.</summary>
internal static class Slug
{
    public static string From(string text, int maxLength = 60)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingHyphen = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingHyphen && builder.Length > 0)
                {
                    builder.Append('-');
                }
                builder.Append(char.ToLowerInvariant(c));
                pendingHyphen = false;
            }
            else if (c != '\'')
            {
                pendingHyphen = true;
            }
        }
        var slug = builder.ToString();
        if (slug.Length > maxLength)
        {
            slug = slug[..maxLength].TrimEnd('-');
        }
        return slug.Length == 0 ? "item" : slug;
    }

    /// <summary>The slug of <paramref name="text"/> with a random ending, for when the plain one was taken in a race.</summary>
    public static string WithRandomEnding(string text, int maxLength) =>
        $"{From(text, maxLength - 7)}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}";

    /// <summary>The slug of <paramref name="text"/>, or the first of <c>slug-2</c>, <c>slug-3</c>... that is not taken.</summary>
    public static async Task<string> UniqueAsync(string text, int maxLength, Func<string, Task<bool>> isTaken)
    {
        var stem = From(text, maxLength);
        var candidate = stem;
        for (var n = 2; await isTaken(candidate); n++)
        {
            candidate = $"{stem}-{n}";
        }
        return candidate;
    }
}
