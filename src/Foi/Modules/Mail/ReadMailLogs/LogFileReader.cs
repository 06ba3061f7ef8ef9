using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Foi.Modules.Mail.ReadMailLogs;

/// <summary>One line read from a log file, with where the next line starts.</summary>
internal readonly record struct RawLogLine(long Number, string Text, bool InvalidUtf8, long EndOffset);

/// <summary>Whether a line, still as bytes, is worth decoding.</summary>
internal delegate bool LineFilter(ReadOnlySpan<byte> line);

/// <summary>How far a reading got: the byte after the last whole line passed, and that line's number.</summary>
internal sealed class LogReadPosition
{
    public long Offset { get; set; }
    public long Number { get; set; }
}

/// <summary>
/// Reads log files line by line from a byte offset, plain or gzipped, without holding a file in memory. A file is known
/// by a fingerprint of its first line, which survives renaming and compression by logrotate.
/// </summary>
internal static partial class LogFileReader
{
    private const int MaxFirstLine = 4096;

    public static bool IsGzip(string path) => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for a file the MTA no longer writes to: compressed, or named by logrotate (mainlog.1, mail.log-20260101).</summary>
    public static bool IsFinished(string path) => IsGzip(path) || RotatedName().IsMatch(path);

    [System.Text.RegularExpressions.GeneratedRegex(@"(\.\d+|-\d{8}(-\d{6})?)(\.gz)?$")]
    private static partial System.Text.RegularExpressions.Regex RotatedName();

    public static Stream Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        return IsGzip(path) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    /// <summary>The fingerprint of the file's first complete line, or null while it has none.</summary>
    public static string? Identity(string path)
    {
        using var stream = Open(path);
        var buffer = new byte[MaxFirstLine];
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = stream.Read(buffer, filled, buffer.Length - filled)) > 0)
        {
            filled += read;
            if (Array.IndexOf(buffer, (byte)'\n', 0, filled) >= 0)
            {
                break;
            }
        }
        var end = Array.IndexOf(buffer, (byte)'\n', 0, filled);
        if (end < 0)
        {
            return filled == buffer.Length ? Convert.ToHexStringLower(SHA256.HashData(buffer))[..32] : null;
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(0, end)))[..32];
    }

    /// <summary>
    /// The lines after <paramref name="offset"/>. A last line without its newline is left for the next run unless
    /// <paramref name="includePartialLast"/> (a rotated, finished file). With <paramref name="wanted"/>, only the lines
    /// it accepts are decoded and returned: the others are passed over as bytes, and <paramref name="read"/> says how
    /// far the reading got.
    /// </summary>
    public static IEnumerable<RawLogLine> ReadLines(Stream stream, long offset, long firstNumber, bool includePartialLast, LineFilter? wanted = null, LogReadPosition? read = null)
    {
        Skip(stream, offset);
        read ??= new LogReadPosition();
        read.Offset = offset;
        read.Number = firstNumber;
        var buffer = new byte[1 << 16];
        var start = 0;
        var filled = 0;
        while (true)
        {
            var count = stream.Read(buffer, filled, buffer.Length - filled);
            filled += count;
            while (true)
            {
                var newline = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n');
                if (newline < 0)
                {
                    break;
                }
                var length = newline > 0 && buffer[start + newline - 1] == '\r' ? newline - 1 : newline;
                read.Offset += newline + 1;
                read.Number++;
                var lineStart = start;
                start += newline + 1;
                if (wanted is null || wanted(buffer.AsSpan(lineStart, length)))
                {
                    yield return Decode(buffer.AsSpan(lineStart, length), read.Number, read.Offset);
                }
            }
            if (count == 0)
            {
                if (includePartialLast && filled > start)
                {
                    read.Number++;
                    read.Offset += filled - start;
                    yield return Decode(buffer.AsSpan(start, filled - start), read.Number, read.Offset);
                }
                yield break;
            }
            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, filled - start);
                filled -= start;
                start = 0;
            }
            if (filled == buffer.Length)
            {
                // A line longer than the buffer: grow it rather than cut the line.
                Array.Resize(ref buffer, buffer.Length * 2);
            }
        }
    }

    private static RawLogLine Decode(ReadOnlySpan<byte> bytes, long number, long end)
    {
        var text = Encoding.UTF8.GetString(bytes);
        return new RawLogLine(number, text, text.Contains('\uFFFD', StringComparison.Ordinal), end);
    }

    private static void Skip(Stream stream, long offset)
    {
        if (offset == 0)
        {
            return;
        }
        if (stream.CanSeek)
        {
            stream.Seek(offset, SeekOrigin.Begin);
            return;
        }
        var discard = new byte[1 << 16];
        var left = offset;
        while (left > 0)
        {
            var read = stream.Read(discard, 0, (int)Math.Min(discard.Length, left));
            if (read == 0)
            {
                break;
            }
            left -= read;
        }
    }
}
