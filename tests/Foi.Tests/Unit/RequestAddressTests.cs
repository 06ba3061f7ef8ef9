using System.Text;
using Foi.Modules.Mail.RequestAddresses;
using Shouldly;

namespace Foi.Tests.Unit;

internal sealed class RequestAddressTests
{
    private readonly RequestAddressBook book = new("Foi.Example", Encoding.UTF8.GetBytes("secret"));

    [Test]
    public void An_address_is_request_id_hash_at_the_incoming_domain_and_parses_back()
    {
        var address = book.AddressFor(4217);
        address.ShouldMatch("^request-4217-[0-9a-f]{10}@foi\\.example$");
        book.TryParse(address, out var id).ShouldBeTrue();
        id.ShouldBe(4217);
    }

    [Test]
    public void Parsing_ignores_case_and_surrounding_space()
    {
        book.TryParse("  " + book.AddressFor(7).ToUpperInvariant() + " ", out var id).ShouldBeTrue();
        id.ShouldBe(7);
    }

    [TestCase("request-7-0000000000@foi.example", TestName = "A wrong hash is refused")]
    [TestCase("request-8-{hash7}@foi.example", TestName = "Another request's hash is refused")]
    [TestCase("request-7-{hash7}@other.example", TestName = "Another domain is refused")]
    [TestCase("request-7@foi.example", TestName = "A missing hash is refused")]
    [TestCase("someone@foi.example", TestName = "A plain address is refused")]
    [TestCase("request-99999999999-{hash7}@foi.example", TestName = "An id out of range is refused")]
    public void Invalid_addresses_are_refused(string template)
    {
        var hash7 = book.AddressFor(7).Split('-', '@')[2];
        book.TryParse(template.Replace("{hash7}", hash7, StringComparison.Ordinal), out _).ShouldBeFalse();
    }

    [Test]
    public void Another_secret_gives_other_hashes() =>
        new RequestAddressBook("foi.example", Encoding.UTF8.GetBytes("other")).AddressFor(7).ShouldNotBe(book.AddressFor(7));
}
