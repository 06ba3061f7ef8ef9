using System.Text;

namespace Foi.Modules.Mail.ReadMailLogs;

/// <summary>
/// Picks, from the raw bytes of each log line, the few lines that may be about our mail: those naming our domain (a
/// request address as sender, our Message-IDs), and those carrying the queue id of a message of ours (delivery
/// attempts name only the queue id). The hot path of an import: it sees every line of the log, so it neither decodes
/// nor allocates. A false positive costs a parse; the importer's own matching decides.
/// </summary>
internal sealed class OurMailFilter(string domain)
{
    private const int MaxQueueId = 64;

    private readonly byte[] marker = Encoding.UTF8.GetBytes(domain.ToLowerInvariant());

    // Hashes of the queue ids, so a line's id is looked up from its bytes.
    private readonly HashSet<ulong> queueIds = [];

    public void Remember(string queueId) => queueIds.Add(Hash(Encoding.UTF8.GetBytes(queueId)));

    public bool Wants(ReadOnlySpan<byte> line)
    {
        if (line.IndexOf(marker) >= 0)
        {
            // Its later lines name only the queue id: keep them until the importer says whose message it is.
            var candidate = QueueIdOf(line);
            if (candidate.Length is > 0 and <= MaxQueueId)
            {
                queueIds.Add(Hash(candidate));
            }
            return true;
        }
        if (queueIds.Count == 0)
        {
            return false;
        }
        var queueId = QueueIdOf(line);
        return queueId.Length is > 0 and <= MaxQueueId && queueIds.Contains(Hash(queueId));
    }

    /// <summary>
    /// Where a line's queue id would be: after Exim's timestamp (<c>2026-11-01 12:00:00[.123][ +0100] [[pid]] id</c>),
    /// or after a syslog prefix (<c>… postfix/smtp[123]: ID: …</c>, <c>… exim[123]: [stamp] id …</c>). Lines of other
    /// programs give a word that is no queue id of ours.
    /// </summary>
    public static ReadOnlySpan<byte> QueueIdOf(ReadOnlySpan<byte> line)
    {
        ReadOnlySpan<byte> rest;
        if (StartsWithEximStamp(line))
        {
            rest = line; // checked first: Exim's own lines may hold "]: " further on
        }
        else
        {
            var prefix = line.IndexOf("]: "u8);
            if (prefix < 0)
            {
                return [];
            }
            rest = line[(prefix + 3)..];
        }
        if (StartsWithEximStamp(rest))
        {
            rest = rest[19..];
            if (rest.Length > 0 && rest[0] == '.')
            {
                var digits = rest[1..].IndexOfAnyExceptInRange((byte)'0', (byte)'9');
                rest = digits < 0 ? [] : rest[(digits + 1)..];
            }
            if (rest.Length > 6 && rest[0] == ' ' && (rest[1] == '+' || rest[1] == '-'))
            {
                rest = rest[6..]; // a time zone
            }
            rest = rest.Length > 0 && rest[0] == ' ' ? rest[1..] : rest;
        }
        if (rest.Length > 0 && rest[0] == '[')
        {
            var close = rest.IndexOf("] "u8);
            rest = close > 0 ? rest[(close + 2)..] : [];
        }
        var end = rest.IndexOfAny((byte)':', (byte)' ');
        return end > 0 ? rest[..end] : [];
    }

    private static bool StartsWithEximStamp(ReadOnlySpan<byte> line) =>
        line.Length > 19 && line[4] == '-' && line[7] == '-' && line[10] == ' ' && line[13] == ':' && line[16] == ':' && char.IsAsciiDigit((char)line[0]);

    /// <summary>64-bit FNV-1a: queue ids are short, and a collision only costs a parse.</summary>
    private static ulong Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return hash;
    }
}
