using Foi.Common.Data;
using Foi.Tests.Support;
using Shouldly;

namespace Foi.Tests.Integration;

/// <summary>A newcomer's first look (Development, demo data on): requests in several states, not an empty site.</summary>
internal sealed class DemoDataTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Site:SeedDemoData"] = "true" };

    [Test]
    public async Task A_fresh_demo_site_shows_requests_with_replies_an_attachment_a_clarification_and_several_states()
    {
        var visitor = NewVisitor();
        var home = (await visitor.GetAsync("/")).Html;
        foreach (var title in new[] { "Silly walk grant budget for 2025", "Agency staff spending by ward in 2025", "Potholes repaired by month in 2026", "Bookings of the village hall in 2026" })
        {
            home.ShouldContain(title);
        }
        var grants = (await visitor.GetAsync("/request/silly-walk-grant-budget-for-2025")).Html;
        grants.ShouldContain("Status: Successful.");
        grants.ShouldContain("grant-budget-2025.csv");
        (await visitor.GetAsync("/request/agency-staff-spending-by-ward-in-2025")).Html.ShouldContain("Status: Refused.");
        var potholes = (await visitor.GetAsync("/request/potholes-repaired-by-month-in-2026")).Html;
        potholes.ShouldContain("Could you tell us whether you mean the whole county");
        potholes.ShouldContain(">clarification</span>");
        potholes.ShouldContain("Status: Awaiting response.");
        (await visitor.GetAsync("/request/bookings-of-the-village-hall-in-2026")).Html.ShouldContain("Status: Awaiting response.");
    }
}
