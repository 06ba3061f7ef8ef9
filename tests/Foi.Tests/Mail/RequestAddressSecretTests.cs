using System.Text;
using Foi.Common.Data;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Mail.RequestAddresses;
using Foi.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Foi.Tests.Mail;

/// <summary>
/// Without a configured <c>Mail:AddressSecret</c> the secret of the request addresses is made once and kept in the
/// database: every node, and every `mail receive` beside them, makes and accepts the same addresses.
/// </summary>
internal sealed class RequestAddressSecretTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Mail:AddressSecret"] = "" };

    private string SameDatabase => Provider == DatabaseProvider.Sqlite
        ? $"Data Source={Path.Combine(Site.DataDirectory, "foi.db")}"
        : Site.Settings["Database:ConnectionString"]!;

    [Test]
    public async Task Two_nodes_with_data_directories_of_their_own_make_and_accept_the_same_addresses()
    {
        var here = Site.Services.GetRequiredService<IRequestAddresses>();
        await using var otherNode = new FoiFactory(Provider, new Dictionary<string, string?>
        {
            ["Mail:AddressSecret"] = "",
            ["Database:ConnectionString"] = SameDatabase,
        });
        var there = otherNode.Services.GetRequiredService<IRequestAddresses>();

        there.AddressFor(4242).ShouldBe(here.AddressFor(4242));
        there.TryParse(here.AddressFor(77), out var id).ShouldBeTrue();
        id.ShouldBe(77);
    }

    [Test]
    public async Task A_site_that_kept_its_secret_in_the_data_directory_keeps_its_published_addresses()
    {
        await using var upgraded = new FoiFactory(Provider, new Dictionary<string, string?> { ["Mail:AddressSecret"] = "" });
        await File.WriteAllTextAsync(Path.Combine(upgraded.DataDirectory, "request-address-secret"), "secret-of-a-site-from-before\n");

        var book = upgraded.Services.GetRequiredService<IRequestAddresses>();

        var published = new RequestAddressBook("foi.test", Encoding.UTF8.GetBytes("secret-of-a-site-from-before")).AddressFor(31);
        book.AddressFor(31).ShouldBe(published);
        book.TryParse(published, out _).ShouldBeTrue();
    }
}
