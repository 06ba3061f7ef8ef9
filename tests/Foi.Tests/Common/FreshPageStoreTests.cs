using System.Diagnostics;
using Foi.Common.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Foi.Tests.Common;

/// <summary>
/// A page made from what was read before a change, and stored after the change evicted it, must not be kept: that
/// copy would show the old state until it expired (seen as a delivery status that stayed "sent" for ten minutes).
/// </summary>
internal sealed class FreshPageStoreTests
{
    private static readonly string[] ListTags = ["page", "lists"];

    private ServiceProvider services = null!;
    private IOutputCacheStore store = null!;
    private IHttpContextAccessor http = null!;

    [SetUp]
    public void MakeTheStore()
    {
        services = new ServiceCollection().AddLogging()
            .AddPageCache(new ConfigurationBuilder().Build())
            .BuildServiceProvider();
        store = services.GetRequiredService<IOutputCacheStore>();
        http = services.GetRequiredService<IHttpContextAccessor>();
    }

    [TearDown]
    public void DropTheStore() => services.Dispose();

    private void BeginRequest()
    {
        http.HttpContext = new DefaultHttpContext();
        http.HttpContext.Items[FreshPageStore.StartedAt] = Stopwatch.GetTimestamp();
    }

    [Test]
    public async Task A_page_whose_tag_was_evicted_while_it_was_being_made_is_not_kept()
    {
        BeginRequest();
        await store.EvictByTagAsync("request:1", CancellationToken.None); // the change lands mid-request

        await store.SetAsync("page-a", [1, 2, 3], ["page", "request:1"], TimeSpan.FromMinutes(10), CancellationToken.None);

        (await store.GetAsync("page-a", CancellationToken.None)).ShouldBeNull();
    }

    [Test]
    public async Task A_page_made_after_the_eviction_or_untouched_by_it_is_kept()
    {
        await store.EvictByTagAsync("request:1", CancellationToken.None);
        BeginRequest();
        await store.SetAsync("page-a", [1, 2, 3], ["page", "request:1"], TimeSpan.FromMinutes(10), CancellationToken.None);
        await store.EvictByTagAsync("request:2", CancellationToken.None);
        await store.SetAsync("page-b", [4], ["page", "request:3"], TimeSpan.FromMinutes(10), CancellationToken.None);

        (await store.GetAsync("page-a", CancellationToken.None)).ShouldBe([1, 2, 3]);
        (await store.GetAsync("page-b", CancellationToken.None)).ShouldBe([4]);
    }

    [Test]
    public async Task The_buffered_path_the_middleware_uses_is_guarded_too()
    {
        var buffers = store.ShouldBeAssignableTo<IOutputCacheBufferStore>()!;
        BeginRequest();
        await store.EvictByTagAsync("lists", CancellationToken.None);

        await buffers.SetAsync("page-a", new System.Buffers.ReadOnlySequence<byte>([1, 2]), ListTags, TimeSpan.FromMinutes(10), CancellationToken.None);

        (await store.GetAsync("page-a", CancellationToken.None)).ShouldBeNull();
    }
}
