using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using MimeKit;
using UglyToad.PdfPig;

namespace Foi.Modules.Mail.ReadMail;

/// <summary>
/// The text of an attachment, for reading on the page and for search: PDF (PdfPig), Word .docx (Open XML SDK), plain
/// text, HTML, RTF, forwarded messages and zip archives. Each extraction runs with a size and a time limit, so a zip
/// bomb or a huge PDF costs a bounded amount and never stalls the site.
/// </summary>
internal sealed class AttachmentText(ReceiveSettings limits)
{
    private const int MaxTextLength = 2_000_000;

    public async Task<(string? Text, string? Note)> ExtractAsync(byte[] content, string contentType, string fileName, CancellationToken cancellationToken)
    {
        if (content.LongLength > limits.MaxAttachmentBytesForText)
        {
            return (null, "too large to show as text");
        }
        var kind = KindOf(contentType, fileName);
        if (kind is null)
        {
            return (null, null);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(limits.ExtractionTimeoutSeconds));
        var work = Task.Run(() => Extract(kind, content, 0), timeout.Token);
        try
        {
            var finished = await Task.WhenAny(work, Task.Delay(Timeout.Infinite, timeout.Token));
            if (finished != work)
            {
                return (null, "text extraction took too long");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, "text extraction took too long");
        }
        try
        {
            var text = Normalise(await work);
            return (text.Length == 0 ? null : text, text.Length == 0 ? "no text found" : null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return (null, $"the file could not be read ({exception.GetType().Name})");
        }
    }

    internal static string? KindOf(string contentType, string fileName)
    {
        var type = contentType.ToLowerInvariant();
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return (type, extension) switch
        {
            ("application/pdf", _) or (_, ".pdf") => "pdf",
            ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _) or (_, ".docx") => "docx",
            ("text/html", _) or (_, ".html" or ".htm") => "html",
            ("text/rtf" or "application/rtf", _) or (_, ".rtf") => "rtf",
            ("message/rfc822", _) or (_, ".eml") => "message",
            ("application/zip" or "application/x-zip-compressed", _) or (_, ".zip") => "zip",
            _ when type.StartsWith("text/", StringComparison.Ordinal) || extension is ".txt" or ".csv" => "text",
            _ => null,
        };
    }

    private string Extract(string kind, byte[] content, int depth) => kind switch
    {
        "pdf" => Pdf(content),
        "docx" => Docx(content),
        "html" => HtmlCleaner.ToText(Decode(content)),
        "rtf" => RtfText.ToText(Decode(content)),
        "message" => Message(content),
        "zip" => depth == 0 ? Zip(content) : "",
        _ => Decode(content),
    };

    private static string Pdf(byte[] content)
    {
        using var pdf = PdfDocument.Open(content);
        var text = new StringBuilder();
        foreach (var page in pdf.GetPages())
        {
            text.AppendLine(string.Join(' ', page.GetWords().Select(w => w.Text)));
            if (text.Length > MaxTextLength)
            {
                break;
            }
        }
        return text.ToString();
    }

    private static string Docx(byte[] content)
    {
        using var stream = new MemoryStream(content, writable: false);
        using var document = WordprocessingDocument.Open(stream, isEditable: false);
        var body = document.MainDocumentPart?.Document?.Body;
        return body is null ? "" : string.Join('\n', body.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText));
    }

    private static string Message(byte[] content)
    {
        var message = MimeMessage.Load(new MemoryStream(content, writable: false));
        var body = message.TextBody ?? (message.HtmlBody is { } html ? HtmlCleaner.ToText(html) : "");
        return $"From: {message.From}\nTo: {message.To}\nDate: {message.Date:yyyy-MM-dd HH:mm}\nSubject: {message.Subject}\n\n{body}";
    }

    private string Zip(byte[] content)
    {
        using var archive = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
        var entries = archive.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
        var text = new StringBuilder("Files in this archive:\n");
        foreach (var entry in entries.Take(limits.MaxZipEntries))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {entry.FullName} ({entry.Length:N0} bytes)");
        }
        var total = entries.Sum(e => e.Length);
        if (entries.Count > limits.MaxZipEntries || total > limits.MaxZipUncompressedBytes)
        {
            return text.AppendLine("(too many or too large files to show their text)").ToString();
        }
        foreach (var entry in entries)
        {
            // A tiny entry that claims to expand a thousandfold is how zip bombs work; leave those alone.
            if (entry.CompressedLength > 0 && entry.Length / entry.CompressedLength > 1000)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"\n{entry.FullName}: not extracted (suspicious compression ratio)");
                continue;
            }
            if (KindOf("application/octet-stream", entry.Name) is not { } kind || kind == "zip")
            {
                continue;
            }
            using var input = entry.Open();
            using var buffer = new MemoryStream();
            CopyAtMost(input, buffer, limits.MaxAttachmentBytesForText);
            text.AppendLine(CultureInfo.InvariantCulture, $"\n--- {entry.FullName} ---\n{Extract(kind, buffer.ToArray(), 1)}");
        }
        return text.ToString();
    }

    private static void CopyAtMost(Stream input, Stream output, long limit)
    {
        var chunk = new byte[81920];
        long copied = 0;
        int read;
        while (copied < limit && (read = input.Read(chunk, 0, (int)Math.Min(chunk.Length, limit - copied))) > 0)
        {
            output.Write(chunk, 0, read);
            copied += read;
        }
    }

    private static string Decode(byte[] content)
    {
        var utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        try
        {
            return utf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(content);
        }
    }

    private static string Normalise(string text)
    {
        var cleaned = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\0', ' ').Trim();
        return cleaned.Length > MaxTextLength ? cleaned[..MaxTextLength] : cleaned;
    }
}
