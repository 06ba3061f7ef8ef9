using Foi.Common.Cli;
using Foi.Common.Data;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Mail.Domain;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Requests.FileRequest;
using Foi.Modules.Users.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Foi.Tests.Support;

/// <summary>A request made through the real handler, with what a test needs to write back to it.</summary>
internal sealed record FiledRequest(int Id, string Slug, string Title, string Address, string OutgoingMessageId, Guid OutgoingMailId, string RequesterEmail, string RequesterName, string AuthoritySlug);

internal static partial class RequestFixtures
{
    public const string Password = "correct horse battery";

    /// <summary>A confirmed account, made directly (its sign-up journey has tests of its own).</summary>
    public static async Task<(int Id, string Email, string Name)> AccountAsync(FoiFactory site, string name)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var email = $"{Guid.NewGuid():N}@people.test";
        var user = new User { UserName = email, Email = email, EmailConfirmed = true, Name = name, Slug = $"u-{Guid.NewGuid():N}"[..20] };
        var result = await scope.ServiceProvider.GetRequiredService<UserManager<User>>().CreateAsync(user, Password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(", ", result.Errors.Select(e => e.Description)));
        }
        return (user.Id, email, name);
    }

    public static async Task<FiledRequest> FileAsync(FoiFactory site, string? title = null, string? authoritySlug = null, (int Id, string Email, string Name)? account = null)
    {
        authoritySlug ??= await TestAuthorities.AddAsync(site, TestAuthorities.UniqueName("Replying Council"), "foi@council.example");
        var requester = account ?? await AccountAsync(site, "Rhiannon Requester");
        await using var scope = site.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var authority = (await services.GetRequiredService<IAuthorityDirectory>().FindBySlugAsync(authoritySlug, CancellationToken.None))!;
        var request = await services.GetRequiredService<FileRequestHandler>().FileAsync(requester.Id, requester.Name, authority,
            title ?? $"Potholes repaired in 2026 {Guid.NewGuid().ToString("N")[..6]}",
            "Dear Council,\n\nPlease send me the number of potholes repaired in 2026, by month.\n\nYours faithfully,\n\n" + requester.Name,
            CancellationToken.None);
        var db = services.GetRequiredService<FoiDbContext>();
        var letter = await db.Set<RequestMessage>().SingleAsync(m => m.RequestId == request.Id);
        var mail = await db.Set<OutgoingMail>().SingleAsync(m => m.Id == letter.OutgoingMailId);
        return new FiledRequest(request.Id, request.Slug, request.Title, services.GetRequiredService<IRequestAddresses>().AddressFor(request.Id),
            mail.MessageId, mail.Id, requester.Email, requester.Name, authoritySlug);
    }

    /// <summary>
    /// A request whose letter went, in one message, to the authority (foi@council.example) and to a second address in
    /// copy: the site has no copy feature yet, so the two-address message is queued through the outbox and put in the
    /// letter's place.
    /// </summary>
    public static async Task<(FiledRequest Request, QueuedEmail Letter)> LetterToTwoAddressesAsync(FoiFactory site, string second)
    {
        var request = await FileAsync(site);
        await using var scope = site.Services.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<IMailOutbox>();
        var queued = outbox.Enqueue(new OutgoingEmail(request.RequesterName, request.Address,
            ["foi@council.example", second], "Copy of " + request.Title, "The letter, to both.", "request"));
        var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
        await db.SaveChangesAsync();
        await outbox.TrySendAsync(queued.Id, CancellationToken.None);
        var letter = await db.Set<RequestMessage>().SingleAsync(m => m.RequestId == request.Id);
        await db.Database.ExecuteSqlAsync($"UPDATE request_messages SET \"OutgoingMailId\" = {queued.Id} WHERE \"Id\" = {letter.Id}");
        return (request, queued);
    }

    /// <summary>Pipes a message to `foi mail receive`, as an MTA would.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> ReceiveAsync(FoiFactory site, byte[] raw, string? recipient = null, bool waitForRouting = true)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] args = recipient is null ? ["mail", "receive"] : ["mail", "receive", "--recipient", recipient];
        var code = await FoiCommandLine.RunAsync(site.Services, args, output, error, () => new MemoryStream(raw));
        if (code == 0 && waitForRouting && StoredId().Match(output.ToString()) is { Success: true } stored)
        {
            await RoutedAsync(site, Guid.Parse(stored.Groups[1].Value));
        }
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>
    /// Waits until the site has routed and published a stored message (its pickup runs in the background, as in
    /// production), or set it aside: what a reader of the request page would wait for.
    /// </summary>
    public static async Task RoutedAsync(FoiFactory site, Guid id)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            await using (var scope = site.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
                var state = await db.Set<IncomingMail>().Where(m => m.Id == id).Select(m => (IncomingState?)m.State).SingleOrDefaultAsync();
                // Routed, published, and the notices its events cause (a bounce's) handed over.
                if (state is not (null or IncomingState.Stored)
                    && !await db.Set<IncomingDelivery>().AnyAsync(d => d.IncomingMailId == id && d.DeliveredAt == null)
                    && !await db.Set<Foi.Common.Events.OutboxEvent>().AnyAsync(e => e.DispatchedAt == null))
                {
                    return;
                }
            }
            await Task.Delay(50);
        }
        throw new InvalidOperationException($"Stored mail {id} was not routed within 15 seconds.");
    }

    [System.Text.RegularExpressions.GeneratedRegex("stored as ([0-9a-f-]{36})")]
    private static partial System.Text.RegularExpressions.Regex StoredId();
}
