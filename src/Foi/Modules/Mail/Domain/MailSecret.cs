namespace Foi.Modules.Mail.Domain;

/// <summary>A secret the mail module makes once and every node and process shares, kept in the database.</summary>
internal sealed class MailSecret
{
    public const string RequestAddresses = "request-addresses";

    private MailSecret()
    {
    }

    public string Name { get; private set; } = "";
    public string Value { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    public static MailSecret Of(string name, string value, DateTimeOffset now) => new() { Name = name, Value = value, CreatedAt = now };
}
