using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Foi.Common.Cli;
using Foi.Common.Data;
using Foi.Modules.Requests.Domain;
using Foi.Tests.Mail;
using Foi.Tests.Support;
using Json.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Shouldly;

namespace Foi.Tests.Requests;

/// <summary>
/// The read API: every answer holds to the OpenAPI document the site generates (so they cannot drift apart), hidden
/// things stay out, lists page by cursor, and the shared parts (ETags, CORS, the rate limit) work.
/// </summary>
internal sealed class ReadApiTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    private JsonNode? document;

    private async Task<JsonNode> DocumentAsync()
    {
        if (document is null)
        {
            var (status, json, _) = await NewVisitor().GetAsync("/openapi/v1.json");
            status.ShouldBe(HttpStatusCode.OK);
            document = JsonNode.Parse(json)!;
        }
        return document;
    }

    /// <summary>Checks a body against the schema the document gives for that path and status.</summary>
    private async Task<JsonElement> ConformingAsync(string path, string documentedPath, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var (status, json, _) = await NewVisitor().GetAsync(path);
        status.ShouldBe(expected, json);
        return await ConformingBodyAsync(json, path, documentedPath, expected);
    }

    private async Task<JsonElement> ConformingBodyAsync(string json, string path, string documentedPath, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var doc = await DocumentAsync();
        var media = doc["paths"]![documentedPath]!["get"]!["responses"]![((int)expected).ToString(System.Globalization.CultureInfo.InvariantCulture)]!["content"]!.AsObject();
        var schemaNode = (media["application/json"] ?? media["application/problem+json"] ?? media.First().Value)!["schema"]!.DeepClone();
        // The response's schema with the document's components beside it, as a JSON Schema of its own.
        var root = new JsonObject { ["$defs"] = doc["components"]!["schemas"]!.DeepClone(), ["allOf"] = new JsonArray(schemaNode) };
        var schema = JsonSchema.FromText(root.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal));
        using var body = JsonDocument.Parse(json);
        var result = schema.Evaluate(body.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        result.IsValid.ShouldBeTrue($"{path} does not match the OpenAPI document: {JsonSerializer.Serialize((result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => new { Instance = d.InstanceLocation.ToString(), Schema = d.EvaluationPath.ToString(), d.Errors }).Take(5))}\n{json}");
        return body.RootElement.Clone();
    }

    [Test]
    public async Task Requests_and_their_correspondence_match_the_document_and_leave_hidden_parts_out()
    {
        var request = await RequestFixtures.FileAsync(Site, title: "Street lighting costs " + Guid.NewGuid().ToString("N")[..6]);
        var reply = TestMessages.Reply(request.Address, "Re: " + request.Title);
        reply.Body = new TextPart("plain") { Text = "The lighting costs are attached. My direct line is 020 7946 0958." };
        await RequestFixtures.ReceiveAsync(Site, TestMessages.Bytes(reply));
        var secret = TestMessages.Reply(request.Address, "Re: " + request.Title);
        secret.Body = new TextPart("plain") { Text = "An officer's home address, sent by mistake." };
        await RequestFixtures.ReceiveAsync(Site, TestMessages.Bytes(secret));
        await InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<FoiDbContext>();
            var message = await db.Set<RequestMessage>().SingleAsync(m => m.RequestId == request.Id && m.Body.Contains("home address"));
            message.Hide(new Moderation("Personal data", DateTimeOffset.UtcNow, 0));
            return await db.SaveChangesAsync();
        });

        var one = await ConformingAsync($"/api/v1/requests/{request.Slug}", "/api/v1/requests/{slug}");
        one.GetProperty("request").GetProperty("title").GetString().ShouldBe(request.Title);
        one.GetProperty("request").GetProperty("authority").GetString().ShouldBe(request.AuthoritySlug);
        var messages = one.GetProperty("messages").EnumerateArray().ToList();
        messages.Count.ShouldBe(2, "the letter and the reply; the hidden message is left out");
        var letter = messages.Single(m => m.GetProperty("direction").GetString() == "outgoing");
        letter.GetProperty("delivery").GetProperty("recipients")[0].GetProperty("address").GetString().ShouldBe("foi@council.example");
        var answer = messages.Single(m => m.GetProperty("direction").GetString() == "incoming");
        answer.GetProperty("body").GetString()!.ShouldContain("lighting costs are attached");
        answer.GetProperty("delivery").ValueKind.ShouldBe(JsonValueKind.Null);
        one.ToString().ShouldNotContain("home address");
        // A phone number in a reply is masked without a rule, on the page as in the API.
        answer.GetProperty("body").GetString()!.ShouldContain("My direct line is [phone number].");
        one.ToString().ShouldNotContain("7946");
        (await NewVisitor().GetAsync($"/request/{request.Slug}")).Html.ShouldNotContain("7946");

        var list = await ConformingAsync($"/api/v1/requests?authority={request.AuthoritySlug}", "/api/v1/requests");
        list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()).ShouldContain(request.Slug);

        await ConformingAsync("/api/v1/requests/no-such-request", "/api/v1/requests/{slug}", HttpStatusCode.NotFound);
        await ConformingAsync("/api/v1/requests?status=nonsense", "/api/v1/requests", HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Pages_follow_the_cursor_without_gaps_or_repeats_and_hidden_requests_are_absent()
    {
        var authority = await TestAuthorities.AddAsync(Site, TestAuthorities.UniqueName("Paged Council"), "foi@paged.example");
        var filed = new List<FiledRequest>();
        for (var i = 0; i < 7; i++)
        {
            filed.Add(await RequestFixtures.FileAsync(Site, title: $"Paged request {i} " + Guid.NewGuid().ToString("N")[..6], authoritySlug: authority));
        }
        await InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<FoiDbContext>();
            (await db.Set<InfoRequest>().SingleAsync(r => r.Id == filed[3].Id)).Hide(new Moderation("Vexatious", DateTimeOffset.UtcNow, 0));
            return await db.SaveChangesAsync();
        });

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await ConformingAsync($"/api/v1/requests?authority={authority}&limit=2{(cursor is null ? "" : "&cursor=" + cursor)}", "/api/v1/requests");
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()!));
            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null);
        seen.ShouldBe(filed.Where((_, i) => i != 3).Select(r => r.Slug).Reverse().ToList());
    }

    [Test]
    public async Task Authorities_and_people_match_the_document_with_their_public_counts()
    {
        var authority = await TestAuthorities.AddAsync(Site, TestAuthorities.UniqueName("Counted Council"), "foi@counted.example");
        var first = await RequestFixtures.FileAsync(Site, authoritySlug: authority);
        await RequestFixtures.FileAsync(Site, authoritySlug: authority);
        var hidden = await RequestFixtures.FileAsync(Site, authoritySlug: authority);
        await InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<FoiDbContext>();
            (await db.Set<InfoRequest>().SingleAsync(r => r.Id == hidden.Id)).Hide(new Moderation("Spam", DateTimeOffset.UtcNow, 0));
            return await db.SaveChangesAsync();
        });

        var one = await ConformingAsync($"/api/v1/authorities/{authority}", "/api/v1/authorities/{slug}");
        one.GetProperty("requests").GetInt32().ShouldBe(2, "the hidden request is not counted");
        one.GetProperty("law").GetString().ShouldBe("foi");
        one.ToString().ShouldNotContain("foi@counted.example"); // the address requests go to is not published

        var slugs = new List<string>();
        string? cursor = null;
        do
        {
            var page = await ConformingAsync($"/api/v1/authorities?limit=50{(cursor is null ? "" : "&cursor=" + cursor)}", "/api/v1/authorities");
            slugs.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()!));
            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null);
        slugs.ShouldContain(authority);
        slugs.Distinct().Count().ShouldBe(slugs.Count);

        var requester = await InScopeAsync(async s => (await s.GetRequiredService<Foi.Modules.Users.Contracts.IUserDirectory>().FindManyAsync(
            [await s.GetRequiredService<FoiDbContext>().Set<InfoRequest>().Where(r => r.Id == first.Id).Select(r => r.UserId).SingleAsync()], CancellationToken.None)).Values.Single());
        var person = await ConformingAsync($"/api/v1/people/{requester.Slug}", "/api/v1/people/{slug}");
        person.GetProperty("name").GetString().ShouldBe(first.RequesterName);
        await ConformingAsync("/api/v1/people/nobody-here", "/api/v1/people/{slug}", HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Search_matches_the_document_finds_what_the_page_finds_and_never_a_hidden_request()
    {
        var word = "lamppost" + Guid.NewGuid().ToString("N")[..8];
        var shown = await RequestFixtures.FileAsync(Site, title: $"Broken {word} repairs");
        var hidden = await RequestFixtures.FileAsync(Site, title: $"Vexatious {word} complaint");
        await InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<FoiDbContext>();
            (await db.Set<InfoRequest>().SingleAsync(r => r.Id == hidden.Id)).Hide(new Moderation("Vexatious", DateTimeOffset.UtcNow, 0));
            return await db.SaveChangesAsync();
        });
        using (var output = new StringWriter())
        using (var error = new StringWriter())
        {
            (await FoiCommandLine.RunAsync(Site.Services, ["search", "reindex"], output, error)).ShouldBe(0, error.ToString());
        }

        var found = await ConformingAsync($"/api/v1/search?q={word}&kind=request", "/api/v1/search");
        var items = found.GetProperty("items").EnumerateArray().ToList();
        items.Select(i => i.GetProperty("url").GetString()).ShouldBe([$"http://localhost/request/{shown.Slug}"]);
        items[0].GetProperty("snippetHtml").GetString()!.ShouldContain($"<mark>{word}</mark>", Case.Insensitive);
        found.GetProperty("total").GetInt32().ShouldBe(1);
        found.GetProperty("next").ValueKind.ShouldBe(JsonValueKind.Null);
        found.ToString().ShouldNotContain("Vexatious");

        await ConformingAsync("/api/v1/search?q=x&kind=everything", "/api/v1/search", HttpStatusCode.BadRequest);
        await ConformingAsync("/api/v1/search?q=x&page=0", "/api/v1/search", HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task The_dump_holds_every_public_request_as_the_api_shows_it_and_nothing_hidden()
    {
        var shown = await RequestFixtures.FileAsync(Site, title: "Dumped request " + Guid.NewGuid().ToString("N")[..6]);
        var reply = TestMessages.Reply(shown.Address, "Re: " + shown.Title);
        reply.Body = new TextPart("plain") { Text = "Published reply for the dump." };
        await RequestFixtures.ReceiveAsync(Site, TestMessages.Bytes(reply));
        var secret = TestMessages.Reply(shown.Address, "Re: " + shown.Title);
        secret.Body = new TextPart("plain") { Text = "A hidden reply with a mobile number." };
        await RequestFixtures.ReceiveAsync(Site, TestMessages.Bytes(secret));
        var hidden = await RequestFixtures.FileAsync(Site, title: "Hidden from the dump " + Guid.NewGuid().ToString("N")[..6]);
        await InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<FoiDbContext>();
            (await db.Set<InfoRequest>().SingleAsync(r => r.Id == hidden.Id)).Hide(new Moderation("Vexatious", DateTimeOffset.UtcNow, 0));
            (await db.Set<RequestMessage>().SingleAsync(m => m.RequestId == shown.Id && m.Body.Contains("mobile number"))).Hide(new Moderation("Personal data", DateTimeOffset.UtcNow, 0));
            return await db.SaveChangesAsync();
        });
        using (var output = new StringWriter())
        using (var error = new StringWriter())
        {
            (await FoiCommandLine.RunAsync(Site.Services, ["requests", "dump"], output, error)).ShouldBe(0, error.ToString());
            output.ToString().ShouldContain("request(s) written");
        }

        var facts = await ConformingAsync("/api/v1/dumps/requests", "/api/v1/dumps/requests");
        var (content, contentType, _) = await NewVisitor().GetBytesAsync("/exports/requests.jsonl.gz");
        contentType.ShouldBe("application/gzip");
        facts.GetProperty("size").GetInt64().ShouldBe(content.Length);
        using var lines = new StreamReader(new System.IO.Compression.GZipStream(new MemoryStream(content), System.IO.Compression.CompressionMode.Decompress));
        var all = (await lines.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var publicCount = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<InfoRequest>().CountAsync(r => r.HiddenAt == null && r.State != RequestState.Vexatious));
        all.Length.ShouldBe(publicCount);
        var line = all.Single(l => l.Contains(shown.Slug, StringComparison.Ordinal));
        var request = await ConformingBodyAsync(line, "dump line", "/api/v1/requests/{slug}");
        request.GetProperty("messages").GetArrayLength().ShouldBe(2, "the letter and the published reply");
        line.ShouldContain("Published reply for the dump.");
        all.ShouldNotContain(l => l.Contains("mobile number", StringComparison.Ordinal) || l.Contains(hidden.Slug, StringComparison.Ordinal));
        // The reference page's document says how large and fresh it is.
        var fresh = JsonNode.Parse((await NewVisitor().GetAsync("/openapi/v1.json")).Html)!;
        fresh["info"]!["description"]!.GetValue<string>().ShouldContain("/exports/requests.jsonl.gz");
    }

    [Test]
    public async Task Etags_cors_and_the_rate_limit()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var client = NewVisitor().WithHeader(TestClientAddress.Header, "198.51.100.77").WithHeader("Origin", "https://researcher.example");
        using (var first = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/requests/{request.Slug}")))
        {
            first.StatusCode.ShouldBe(HttpStatusCode.OK);
            first.Headers.GetValues("Access-Control-Allow-Origin").ShouldContain("*");
            var etag = first.Headers.ETag!.Tag;
            var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/requests/{request.Slug}");
            again.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
            using var notModified = await client.SendAsync(again);
            notModified.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        }

        HttpResponseMessage? refused = null;
        for (var i = 0; i < Foi.Common.Web.ApiSetup.RequestsPerMinute + 5 && refused is null; i++)
        {
            var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/requests?limit=1"));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                response.Dispose();
            }
        }
        refused.ShouldNotBeNull("the limit answers 429");
        int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(1, 60);
        refused.Dispose();

        // Another client is not affected.
        (await NewVisitor().WithHeader(TestClientAddress.Header, "198.51.100.78").GetAsync("/api/v1/requests?limit=1")).Status.ShouldBe(HttpStatusCode.OK);
        // The reference page, for people.
        var reference = NewVisitor();
        var (status, _, location) = await reference.GetAsync("/api");
        if (status == HttpStatusCode.Found)
        {
            (status, _, _) = await reference.GetAsync(location!);
        }
        status.ShouldBe(HttpStatusCode.OK);
    }
}
