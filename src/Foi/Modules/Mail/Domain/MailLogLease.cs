namespace Foi.Modules.Mail.Domain;

/// <summary>
/// Which node follows the MTA's logs, until when: one node at a time reads them, so two never import the same lines
/// at once; a node that dies stops renewing and another takes over when the lease runs out.
/// </summary>
internal sealed class MailLogLease
{
    public const string Follow = "follow";

    private MailLogLease()
    {
    }

    public string Name { get; private set; } = "";
    public string Holder { get; private set; } = "";
    public DateTimeOffset ExpiresAt { get; private set; }

    public static MailLogLease Take(string holder, DateTimeOffset until) => new() { Name = Follow, Holder = holder, ExpiresAt = until };
}
