using Foi.Tests.Support;

namespace Foi.Tests;

/// <summary>
/// Says once, loudly, when a whole provider or service is left out of this run (each skipped test says it too, but a
/// hundred "skipped" lines are easy to miss): the README's test script never leaves one out.
/// </summary>
[SetUpFixture]
internal sealed class SkippedProviders
{
    [OneTimeSetUp]
    public void SayWhatIsLeftOut()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("FOI_TEST_POSTGRES")))
        {
            Console.Error.WriteLine("*** PostgreSQL LEFT OUT of this run: FOI_TEST_POSTGRES is not set, so every PostgreSQL fixture is skipped. tests/run-all.sh runs them. ***");
        }
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("FOI_TEST_MAILBOX")))
        {
            Console.Error.WriteLine("*** IMAP/POP3 LEFT OUT of this run: FOI_TEST_MAILBOX is not set (no Dovecot), so the mailbox poller's tests are skipped. tests/run-all.sh starts one. ***");
        }
        if (!Nginx.IsInstalled)
        {
            Console.Error.WriteLine("*** nginx LEFT OUT of this run: /usr/sbin/nginx is missing, so the tests through a reverse proxy are skipped. tests/run-all.sh installs Debian's nginx. ***");
        }
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("FOI_TEST_MTA_LOG")))
        {
            Console.Error.WriteLine("*** Real MTA LEFT OUT of this run: FOI_TEST_MTA_LOG is not set, so the delivery-status test through Postfix is skipped. tests/run-all.sh sets it up when run as root. ***");
        }
    }
}
