using Foi.Common.Cli;
using Foi.Common.Data;
using Foi.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Foi.Tests.Mail;

/// <summary>
/// The site's own mail to a person (here the sign-up confirmation) gets a delivery status from the mail server's log,
/// shown to admins on the person's admin page: "did my confirmation arrive?" is answered there.
/// </summary>
internal sealed class SiteMailStatusTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    [Test]
    public async Task A_refused_confirmation_mail_shows_on_the_person_s_admin_page()
    {
        var email = UniqueEmail("unlucky");
        await NewVisitor().SignUpAsync("Una Unlucky", email);
        var confirmation = Mailbox.LatestTo(Site.PickupDirectory, email);
        var log = Path.Combine(Site.DataDirectory, "account-mail.log");
        await File.WriteAllTextAsync(log, $"""
            Nov 30 10:00:00 mx postfix/cleanup[1]: ACCOUNT01: message-id=<{confirmation.MessageId}>
            Nov 30 10:00:00 mx postfix/qmgr[2]: ACCOUNT01: from=<do-not-reply@foi.test>, size=900, nrcpt=1 (queue active)
            Nov 30 10:00:01 mx postfix/smtp[3]: ACCOUNT01: to=<{email}>, relay=mx.people.test[192.0.2.7]:25, delay=1, delays=0/0/0/1, dsn=5.2.2, status=bounced (host mx.people.test[192.0.2.7] said: 552 5.2.2 Mailbox full (in reply to RCPT TO command))

            """);
        File.SetLastWriteTimeUtc(log, new DateTime(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc));
        using var output = new StringWriter();
        using var error = new StringWriter();
        (await FoiCommandLine.RunAsync(Site.Services, ["mail-logs", "import", log], output, error)).ShouldBe(0, error.ToString());
        var id = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

        var page = (await (await SignedInAdminAsync()).GetAsync($"/admin/users/{id}")).Html;

        page.ShouldContain($"Mail sent to {email}");
        page.ShouldContain(System.Net.WebUtility.HtmlEncode(confirmation.Subject)!);
        page.ShouldContain("could not be delivered 30 Nov 2026 10:00");
        page.ShouldContain("Mailbox full");
    }
}
