using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Foi.Modules.Requests.Redaction;

/// <summary>What the public gets instead of a file a censor rule matches.</summary>
internal abstract record RedactedFile
{
    /// <summary>A copy with the matched text replaced: the file's own format for plain text, a PDF of its text otherwise.</summary>
    internal sealed record Copy(byte[] Content, string ContentType, string FileName) : RedactedFile;

    /// <summary>A file whose matched text may also be in pictures (a scan): nothing automatic can be trusted with it.</summary>
    internal sealed record Withheld(string Reason) : RedactedFile;
}

/// <summary>
/// Builds the public's copy of an attachment a rule matches. The copy is made from the attachment's text with the
/// rules applied, so nothing of the matched text is left in it to extract. A PDF page that is mostly picture (a scan,
/// perhaps with a text layer) cannot be redacted that way and the file is withheld for an admin to review.
/// </summary>
internal static class RedactedFiles
{
    private const double ScanShareOfPage = 0.5;

    public static RedactedFile Make(byte[] original, string contentType, string fileName, string text, Redactor redactor)
    {
        if (WhyWithheld(original, contentType, fileName, text) is { } reason)
        {
            return new RedactedFile.Withheld(reason);
        }
        var redacted = redactor.Apply(text);
        if (contentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            return new RedactedFile.Copy(Encoding.UTF8.GetBytes(redacted), "text/plain; charset=utf-8", fileName);
        }
        var name = Path.GetFileNameWithoutExtension(fileName) + " (redacted).pdf";
        return new RedactedFile.Copy(Pdf($"Redacted copy of {fileName}: the text of the original, with what the site's administrators redacted replaced.", redacted), "application/pdf", name);
    }

    /// <summary>Why the file cannot be redacted automatically, or null when a copy made from its text is complete.</summary>
    public static string? WhyWithheld(byte[] original, string contentType, string fileName, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "the site could not read its text, so cannot redact it";
        }
        var isPdf = contentType.Contains("pdf", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase);
        return isPdf && ScannedPage(original) is { } page ? $"page {page} is a scanned image, which the site cannot redact automatically" : null;
    }

    /// <summary>The first page mostly covered by a picture, or 1 when the PDF cannot be read (so it is withheld, not guessed at).</summary>
    private static int? ScannedPage(byte[] pdf)
    {
        try
        {
            using var document = PdfDocument.Open(pdf);
            foreach (var page in document.GetPages())
            {
                var area = page.Width * page.Height;
                if (area > 0 && page.GetImages().Any(image => image.BoundingBox.Width * image.BoundingBox.Height >= area * ScanShareOfPage))
                {
                    return page.Number;
                }
            }
            return null;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return 1;
        }
    }

    /// <summary>A plain A4 PDF of the text, wrapped, in a standard font (characters it lacks become "?").</summary>
    public static byte[] Pdf(string heading, string text)
    {
        const double fontSize = 10, lineHeight = 13, left = 50, top = 800, bottom = 50;
        const int lineLength = 95;
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        PdfPageBuilder? page = null;
        var y = bottom;
        foreach (var line in Wrap(heading, lineLength).Append("").Concat(text.Split('\n').SelectMany(l => Wrap(l.TrimEnd('\r'), lineLength))))
        {
            if (page is null || y < bottom)
            {
                page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
                y = top;
            }
            if (line.Length > 0)
            {
                page.AddText(WinAnsi(line), fontSize, new PdfPoint(left, y), font);
            }
            y -= lineHeight;
        }
        return builder.Build();
    }

    private static IEnumerable<string> Wrap(string line, int width)
    {
        if (line.Length <= width)
        {
            yield return line;
            yield break;
        }
        var rest = line;
        while (rest.Length > width)
        {
            var cut = rest.LastIndexOf(' ', width);
            cut = cut <= 0 ? width : cut;
            yield return rest[..cut];
            rest = rest[cut..].TrimStart();
        }
        yield return rest;
    }

    private static string WinAnsi(string line)
    {
        var characters = line.Select(c => c is '\t' ? ' ' : c >= ' ' && c <= '~' || c is >= '\u00a0' and <= '\u00ff' || "‘’“”–—•…€".Contains(c) ? c : '?');
        return new string(characters.ToArray());
    }
}
