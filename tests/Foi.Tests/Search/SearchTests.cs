using System.Net;
using Foi.Common.Cli;
using Foi.Common.Data;
using Foi.Common.Site;
using Foi.Modules.Authorities.Domain;
using Foi.Modules.Search;
using Foi.Modules.Search.Index;
using Foi.Modules.Requests.Domain;
using Foi.Tests.Mail;
using Foi.Tests.Support;
using Foi.Modules.Users.Contracts;
using Foi.Modules.Users.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Shouldly;

namespace Foi.Tests.Search;

/// <summary>The search page over a real Lucene index built from the database by `foi search reindex`.</summary>
internal sealed class SearchTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    private static string Word(string stem) => stem + Guid.NewGuid().ToString("N")[..8];

    private async Task<int> ReindexAsync()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await FoiCommandLine.RunAsync(Site.Services, ["search", "reindex"], output, error);
        code.ShouldBe(0, error.ToString());
        output.ToString().ShouldContain("the new index is in use");
        return code;
    }

    private async Task<string> SearchAsync(string query, string extra = "")
    {
        var (status, html, _) = await NewVisitor().GetAsync($"/search?q={Uri.EscapeDataString(query)}{extra}");
        status.ShouldBe(HttpStatusCode.OK);
        return html;
    }

    private async Task<FiledRequest> AnsweredAsync(string title, string replyText, MimeEntity? attachment = null)
    {
        var request = await RequestFixtures.FileAsync(Site, title);
        var reply = TestMessages.Reply(request.Address, $"RE: {request.Title}", "officer@council.example");
        var text = new TextPart("plain") { Text = replyText };
        reply.Body = attachment is null ? text : new Multipart("mixed") { text, attachment };
        (await RequestFixtures.ReceiveAsync(Site, TestMessages.Bytes(reply))).ExitCode.ShouldBe(0);
        return request;
    }

    [Test]
    public async Task Titles_replies_attachments_and_authorities_are_found_with_English_stemming()
    {
        var titleWord = Word("lamppost");
        var replyWord = Word("gritting");
        var pdfWord = Word("budgetline");
        var request = await AnsweredAsync($"Street {titleWord} inventory", $"We attach the {replyWord} schedules you asked for.",
            TestMessages.Attachment(TestMessages.Pdf($"Appendix {pdfWord} totals"), "application/pdf", "appendix.pdf"));
        var authorityName = TestAuthorities.UniqueName("Harbour Board");
        await TestAuthorities.AddAsync(Site, authorityName, "foi@harbour.example");
        await ReindexAsync();

        (await SearchAsync(titleWord)).ShouldContain($"/request/{request.Slug}");
        (await SearchAsync(replyWord)).ShouldContain($"/request/{request.Slug}");
        (await SearchAsync($"{pdfWord} filetype:pdf")).ShouldContain($"/request/{request.Slug}");
        (await SearchAsync($"{pdfWord} filetype:docx")).ShouldNotContain($"/request/{request.Slug}");
        (await SearchAsync($"\"{titleWord} inventories\"")).ShouldContain($"/request/{request.Slug}"); // a phrase, stemmed
        (await SearchAsync($"{titleWord} status:waiting_response authority:{request.AuthoritySlug}")).ShouldContain($"/request/{request.Slug}");
        (await SearchAsync($"{titleWord} status:successful")).ShouldNotContain($"/request/{request.Slug}");
        (await SearchAsync($"{titleWord} NOT inventory")).ShouldNotContain($"/request/{request.Slug}");

        var authorityHtml = await SearchAsync(authorityName, "&kind=authority");
        authorityHtml.ShouldContain(authorityName);
        authorityHtml.ShouldContain("Authorities (1)");
        var highlighted = await SearchAsync(replyWord);
        highlighted.ShouldContain($"<mark>{replyWord}</mark>");
    }

    [Test]
    public async Task Email_addresses_in_replies_cannot_be_found()
    {
        var localPart = Word("officer");
        var marker = Word("marker");
        var request = await AnsweredAsync($"Council car fleet {marker}", $"Write to {localPart}@council.example with any questions ({marker}).");
        await ReindexAsync();

        (await SearchAsync(marker)).ShouldContain($"/request/{request.Slug}");
        var html = await SearchAsync(localPart);
        html.ShouldNotContain($"/request/{request.Slug}");
        html.ShouldNotContain(localPart + "@");
    }

    /// <summary>Polls the search page until the condition holds: the index follows the database within seconds.</summary>
    private async Task<string> EventuallyAsync(string query, Func<string, bool> condition)
    {
        var html = "";
        for (var attempt = 0; attempt < 60; attempt++)
        {
            html = await SearchAsync(query);
            if (condition(html))
            {
                return html;
            }
            await Task.Delay(250);
        }
        Assert.Fail($"The search for '{query}' did not reach the expected state in 15 seconds.");
        return html;
    }

    [Test]
    public async Task New_requests_and_replies_reach_the_index_without_a_reindex()
    {
        await ReindexAsync();
        var titleWord = Word("skatepark");
        var request = await RequestFixtures.FileAsync(Site, $"Skatepark repairs {titleWord}");
        await EventuallyAsync(titleWord, html => html.Contains($"/request/{request.Slug}", StringComparison.Ordinal));

        var replyWord = Word("resurfacing");
        var reply = TestMessages.Reply(request.Address, $"RE: {request.Title}", "officer@council.example");
        reply.Body = new TextPart("plain") { Text = $"The {replyWord} contract is attached." };
        (await RequestFixtures.ReceiveAsync(Site, TestMessages.Bytes(reply))).ExitCode.ShouldBe(0);
        await EventuallyAsync(replyWord, html => html.Contains($"/request/{request.Slug}", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_request_an_admin_judges_vexatious_leaves_the_results_within_seconds()
    {
        var word = Word("hedgehog");
        var request = await RequestFixtures.FileAsync(Site, $"Hedgehog tunnels {word}");
        await ReindexAsync();
        (await SearchAsync(word)).ShouldContain($"/request/{request.Slug}");

        var admin = await SignedInAdminAsync();
        var (status, _, _) = await admin.PostFormAsync($"/request/{request.Slug}", new Dictionary<string, string> { ["state"] = "Vexatious" }, $"/request/{request.Slug}/classify");
        status.ShouldBe(HttpStatusCode.Redirect);
        (await InScopeAsync(async services =>
            (await services.GetRequiredService<FoiDbContext>().Set<InfoRequest>().AsNoTracking().SingleAsync(r => r.Id == request.Id)).State))
            .ShouldBe(RequestState.Vexatious);
        await EventuallyAsync(word, html => !html.Contains($"/request/{request.Slug}", StringComparison.Ordinal));

        await ReindexAsync();
        (await SearchAsync(word)).ShouldNotContain($"/request/{request.Slug}");
    }

    [Test]
    public async Task Searches_keep_answering_while_the_index_is_rebuilt()
    {
        var word = Word("bollard");
        var request = await RequestFixtures.FileAsync(Site, $"Bollards on the high street {word}");
        await ReindexAsync();

        var rebuilds = Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await ReindexAsync();
            }
        });
        var searches = 0;
        while (!rebuilds.IsCompleted || searches < 5)
        {
            (await SearchAsync(word)).ShouldContain($"/request/{request.Slug}");
            searches++;
        }
        await rebuilds;
    }

    [Test]
    public async Task An_admin_edit_to_an_authority_reaches_it_and_its_requests_within_seconds()
    {
        var titleWord = Word("ferryfare");
        var request = await RequestFixtures.FileAsync(Site, $"Ferry fares and timetables {titleWord}");
        await ReindexAsync();
        var authorityId = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<Authority>()
            .Where(a => a.Slug == request.AuthoritySlug).Select(a => a.Id).SingleAsync());
        var newNameWord = Word("Estuary");
        var noteWord = Word("lighthouse");
        var tag = Word("ports").ToLowerInvariant();

        var admin = await SignedInAdminAsync();
        var (status, _, _) = await admin.PostFormAsync($"/admin/authorities/{authorityId}/edit", new Dictionary<string, string>
        {
            ["Id"] = authorityId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Name"] = $"{newNameWord} Authority",
            ["Slug"] = request.AuthoritySlug,
            ["RequestEmail"] = "foi@estuary.example",
            ["Notes"] = $"Runs the {noteWord} and the ferries.",
            ["Tags"] = tag,
        });
        status.ShouldBe(HttpStatusCode.Redirect);

        await EventuallyAsync(noteWord, html => html.Contains($"/authority/{request.AuthoritySlug}", StringComparison.Ordinal));
        (await SearchAsync($"tag:{tag}", "&kind=authority")).ShouldContain($"/authority/{request.AuthoritySlug}");
        // The request's result names its authority, so the new name finds it too.
        await EventuallyAsync($"{titleWord} {newNameWord}", html => html.Contains($"/request/{request.Slug}", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_renamed_requester_is_found_on_their_requests_by_the_new_name_within_seconds()
    {
        var account = await RequestFixtures.AccountAsync(Site, "Oswald Oldname");
        var titleWord = Word("weir");
        var request = await RequestFixtures.FileAsync(Site, $"Weir maintenance {titleWord}", account: account);
        await EventuallyAsync($"{titleWord} Oldname", html => html.Contains($"/request/{request.Slug}", StringComparison.Ordinal));

        var newName = Word("Newname");
        await InScopeAsync(async services =>
        {
            var manager = services.GetRequiredService<UserManager<User>>();
            var user = (await manager.FindByIdAsync(account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))!;
            user.Name = $"Nerys {newName}";
            (await manager.UpdateAsync(user)).Succeeded.ShouldBeTrue();
            return 0;
        });

        var html = await EventuallyAsync($"{titleWord} {newName}", h => h.Contains($"/request/{request.Slug}", StringComparison.Ordinal));
        html.ShouldContain($"Nerys {newName}"); // the result names the requester as they are now
    }

    [Test]
    public async Task A_change_committed_after_a_later_one_still_reaches_the_index()
    {
        if (Provider != DatabaseProvider.Postgres)
        {
            Assert.Ignore("SQLite lets one writer at a time, so changes always commit in the order of their ids.");
        }
        var oldWord = Word("allotment");
        var slow = await RequestFixtures.FileAsync(Site, $"Allotment waiting lists {oldWord}");
        await EventuallyAsync(oldWord, html => html.Contains($"/request/{slow.Slug}", StringComparison.Ordinal));

        // A long transaction takes the next change id, then a quicker one takes a later id and commits first.
        var newWord = Word("orchard");
        await using var scope = Site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Set<InfoRequest>().Where(r => r.Id == slow.Id).ExecuteUpdateAsync(set => set.SetProperty(r => r.Title, $"Community orchard lists {newWord}"));
        db.Add(Change.Of(Foi.Modules.Requests.Contracts.RequestTopic.Name, slow.Id, DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();

        var quickWord = Word("hedgerow");
        var quick = await RequestFixtures.FileAsync(Site, $"Hedgerow cutting dates {quickWord}");
        await EventuallyAsync(quickWord, html => html.Contains($"/request/{quick.Slug}", StringComparison.Ordinal));

        await transaction.CommitAsync();
        await EventuallyAsync(newWord, html => html.Contains($"/request/{slow.Slug}", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_rolled_back_change_leaves_a_gap_that_holds_nothing_back()
    {
        await ReindexAsync();
        var rolledBack = await RequestFixtures.FileAsync(Site, $"Bus shelter repairs {Word("shelter")}");
        await using (var scope = Site.Services.CreateAsyncScope())
        {
            // On PostgreSQL the id this change took is never used: a gap younger than a minute, which readers wait on.
            var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Add(Change.Of(Foi.Modules.Requests.Contracts.RequestTopic.Name, rolledBack.Id, DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        var word = Word("pavement");
        var later = await RequestFixtures.FileAsync(Site, $"Pavement widening plans {word}");
        await EventuallyAsync(word, html => html.Contains($"/request/{later.Slug}", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_change_read_past_a_gap_is_indexed_once_not_every_round_until_the_gap_closes()
    {
        // The index stands at a change of its own; a gap right at the feed's start would look like pruned changes.
        await RequestFixtures.FileAsync(Site, $"Gully emptying {Word("gully")}");
        await ReindexAsync();
        await ChangeFeedWrites.OpenGapAsync(Site, Provider);
        var word = Word("culvert");
        var later = await RequestFixtures.FileAsync(Site, $"Culvert clearance {word}");
        await EventuallyAsync(word, html => html.Contains($"/request/{later.Slug}", StringComparison.Ordinal));

        // The background round that indexed it may still be finishing: wait for a round with nothing to do.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await CatchUpAsync() > 0)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "every round indexed the changes after the gap again");
            await Task.Delay(100);
        }
        (await CatchUpAsync()).ShouldBe(0);
    }

    private Task<int> CatchUpAsync() => InScopeAsync(s => s.GetRequiredService<SearchIndexer>().CatchUpAsync(CancellationToken.None));

    [Test]
    public async Task A_node_whose_changes_were_pruned_while_it_was_down_rebuilds_and_misses_nothing()
    {
        // A second node's index, on its own directory, fed from the same database as the site's.
        var otherNode = Path.Combine(Path.GetTempPath(), "foi-node-" + Guid.NewGuid().ToString("N"));
        var index = new SearchIndex(new DataDirectory(otherNode), Microsoft.Extensions.Logging.Abstractions.NullLogger<SearchIndex>.Instance);
        try
        {
            await using (var scope = Site.Services.CreateAsyncScope())
            {
                await ActivatorUtilities.CreateInstance<SearchIndexer>(scope.ServiceProvider, index).RebuildAsync(null, CancellationToken.None);
            }
            var position = index.ChangesThrough()!.Value;

            // While it is "down", two requests are made and the feed is pruned down to its newest change.
            var word = Word("footbridge");
            var missed = await RequestFixtures.FileAsync(Site, $"Footbridge inspections {word}");
            await RequestFixtures.FileAsync(Site, $"Footpath closures {Word("stile")}");
            var pruned = await InScopeAsync(s => s.GetRequiredService<ChangeFeed>().PruneAsync(DateTimeOffset.UtcNow.AddDays(1), TimeSpan.Zero, CancellationToken.None));
            pruned.ShouldBeGreaterThan(0);
            (await InScopeAsync(s => s.GetRequiredService<ChangeFeed>().OldestAsync(CancellationToken.None)))!.Value.ShouldBeGreaterThan(position + 1);

            await using (var scope = Site.Services.CreateAsyncScope())
            {
                await ActivatorUtilities.CreateInstance<SearchIndexer>(scope.ServiceProvider, index).CatchUpAsync(CancellationToken.None);
            }
            new SiteSearch(index).Search(new SearchQuery(word)).Hits.Select(h => h.Url).ShouldContain($"/request/{missed.Slug}");
        }
        finally
        {
            index.Dispose();
            Directory.Delete(otherNode, recursive: true);
        }
    }

    private async Task SetAboutMeAsync(int userId, string aboutMe) =>
        await InScopeAsync(async services =>
        {
            var manager = services.GetRequiredService<UserManager<User>>();
            var user = (await manager.FindByIdAsync(userId.ToString(System.Globalization.CultureInfo.InvariantCulture)))!;
            user.AboutMe = aboutMe;
            (await manager.UpdateAsync(user)).Succeeded.ShouldBeTrue();
            return user.Slug;
        });

    [Test]
    public async Task People_who_took_part_are_found_and_a_ban_removes_them_within_seconds()
    {
        await ReindexAsync();
        var aboutWord = Word("birdwatcher");
        var hiddenLocalPart = Word("private");
        var active = await RequestFixtures.AccountAsync(Site, "Petra Participant");
        await RequestFixtures.FileAsync(Site, account: active);
        var activeSlug = await InScopeAsync(async services => (await services.GetRequiredService<UserManager<User>>().FindByIdAsync(active.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))!.Slug);
        await SetAboutMeAsync(active.Id, $"Local {aboutWord}; write to {hiddenLocalPart}@people.example");
        var idle = await RequestFixtures.AccountAsync(Site, "Ivor Idle");
        await SetAboutMeAsync(idle.Id, $"Another {aboutWord} with nothing done yet");

        var html = await EventuallyAsync(aboutWord, h => h.Contains($"/user/{activeSlug}", StringComparison.Ordinal));
        html.ShouldContain("People (1)");
        (await SearchAsync(hiddenLocalPart)).ShouldNotContain($"/user/{activeSlug}");

        await InScopeAsync(async services =>
        {
            await services.GetRequiredService<IUserProfiles>().SetBanAsync(active.Id, "Spam", CancellationToken.None);
            return 0;
        });
        await EventuallyAsync(aboutWord, h => !h.Contains($"/user/{activeSlug}", StringComparison.Ordinal));
    }

    [Test]
    public async Task The_new_request_form_is_shown_similar_requests_to_this_authority_and_others()
    {
        var word = Word("allotment");
        var authority = await TestAuthorities.AddAsync(Site, TestAuthorities.UniqueName("Parish Council"), "foi@parish.example");
        var here = await RequestFixtures.FileAsync(Site, $"Allotment waiting list {word}", authority);
        var elsewhere = await RequestFixtures.FileAsync(Site, $"Waiting times for an allotment plot {word}");
        await ReindexAsync();

        var (status, html, _) = await NewVisitor().GetAsync($"/search/similar?title={Uri.EscapeDataString($"How long is the {word} waiting list?")}&authority={authority}");
        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("Has this been asked already?");
        var toThis = html.IndexOf("To this authority", StringComparison.Ordinal);
        var toOthers = html.IndexOf("To other authorities", StringComparison.Ordinal);
        toThis.ShouldBeGreaterThan(0);
        toOthers.ShouldBeGreaterThan(toThis);
        html.IndexOf($"/request/{here.Slug}", StringComparison.Ordinal).ShouldBeInRange(toThis, toOthers);
        html.IndexOf($"/request/{elsewhere.Slug}", StringComparison.Ordinal).ShouldBeGreaterThan(toOthers);

        (await NewVisitor().GetAsync($"/search/similar?title=the&authority={authority}")).Html.Trim().ShouldBeEmpty();
        var citizen = await SignedInCitizenAsync();
        var (_, form, _) = await citizen.GetAsync($"/new/{authority}");
        form.ShouldContain("id=\"similar-requests\"");

        // Without JavaScript, the preview shows them before the request is sent.
        var (previewStatus, preview, _) = await citizen.PostFormAsync($"/new/{authority}", new Dictionary<string, string>
        {
            ["Title"] = $"How long is the {word} waiting list?",
            ["Body"] = "Dear Parish Council,\n\nPlease tell me how long the waiting list is.\n\nYours faithfully,\n\nA Citizen",
            ["Action"] = "preview",
        });
        previewStatus.ShouldBe(HttpStatusCode.OK);
        preview.ShouldContain("Check your request before sending it");
        preview.ShouldContain("Has this been asked already?");
        preview.ShouldContain($"/request/{here.Slug}");
    }

    [TestCase("\"unbalanced quote")]
    [TestCase("AND")]
    [TestCase("OR NOT")]
    [TestCase("*leading")]
    [TestCase("?ild")]
    [TestCase("title:")]
    [TestCase("a\u0000b\u0007c")]
    [TestCase("((()")]
    [TestCase("[a TO")]
    [TestCase("~2 ^3")]
    public async Task A_bad_query_is_searched_as_words_never_an_error(string query)
    {
        await ReindexAsync();
        var html = await SearchAsync(query);
        html.ShouldContain("result(s)");
    }

    [Test]
    public async Task A_query_of_ten_thousand_characters_is_cut_with_a_note()
    {
        await ReindexAsync();
        var html = await SearchAsync(string.Concat(Enumerable.Repeat("word ", 2000)));
        html.ShouldContain("Only the first 500 characters were searched.");
    }

    [Test]
    public async Task Broken_syntax_is_reported_and_its_words_still_match()
    {
        var word = Word("culvert");
        var request = await RequestFixtures.FileAsync(Site, $"Culvert inspections {word}");
        await ReindexAsync();
        var html = await SearchAsync($"\"{word}");
        html.ShouldContain("The search syntax was not understood");
        html.ShouldContain($"/request/{request.Slug}");
    }
}
