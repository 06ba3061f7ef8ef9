using Foi.Modules.Requests.ReceiveResponse;
using Shouldly;

namespace Foi.Tests.Unit;

/// <summary>Phone numbers in replies are masked without a rule; references, dates, years and sums are not.</summary>
internal sealed class PhoneMaskingTests
{
    [TestCase("Call me on 020 7946 0958 today.", "Call me on [phone number] today.")]
    [TestCase("Mobile: 07700 900123", "Mobile: [phone number]")]
    [TestCase("Tel. (01632) 960 001, ext 4", "Tel. [phone number], ext 4")]
    [TestCase("Direct line +44 (0)20 7946 0958.", "Direct line [phone number].")]
    [TestCase("+44 20 7946 0958", "[phone number]")]
    [TestCase("US office +1 (555) 123-4567", "US office [phone number]")]
    [TestCase("Paris: +33 1 23 45 67 89", "Paris: [phone number]")]
    [TestCase("Paris: 0033 1 23 45 67 89", "Paris: [phone number]")]
    [TestCase("01632960001", "[phone number]")]
    [TestCase("on 020-7946-0958 or 020.7946.0958", "on [phone number] or [phone number]")]
    [TestCase("<a href=\"tel:+442079460958\">020 7946 0958</a>", "<a href=\"tel:[phone number]\">[phone number]</a>")]
    [TestCase("ring 020 7946 0958 2026 was the year", "ring [phone number] 2026 was the year")]
    public void Numbers_are_masked(string text, string expected) => Masking.MaskPhoneNumbers(text).ShouldBe(expected);

    [TestCase("Our reference FOI-2026-000123 applies.")]
    [TestCase("Received on 01/12/2026 and 01.12.2026.")]
    [TestCase("The budget was £1,234,567 in 2025 and 0.5 FTE.")]
    [TestCase("Section 40(2) and section 43(2) of the Act.")]
    [TestCase("Invoice 12345678901 and case 0123.")]
    [TestCase("Room 0.12, building 3, 09:30 to 17:00.")]
    [TestCase("https://example.gov.uk/docs/020794609581/report.pdf")]
    [TestCase("A sum of 0 000 000 is not a number.")]
    public void Other_figures_are_left_alone(string text) => Masking.MaskPhoneNumbers(text).ShouldBe(text);

    [Test]
    public void A_long_run_of_digits_and_separators_is_answered_quickly_and_left_alone()
    {
        var hostile = "0" + string.Concat(Enumerable.Repeat("1 (2) 3-4.", 20_000));
        Should.NotThrow(() => Masking.MaskPhoneNumbers(hostile));
    }
}
