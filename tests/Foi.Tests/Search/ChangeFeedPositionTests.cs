using Foi.Common.Data;
using Shouldly;

namespace Foi.Tests.Search;

/// <summary>How far a reader of the change feed may move when ids arrive with gaps.</summary>
internal sealed class ChangeFeedPositionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static ChangeEntry At(long id, TimeSpan age) => new(id, "request", 1, Now - age);

    [Test]
    public void Contiguous_changes_move_the_position_to_the_last_one() =>
        ChangeFeed.SafePosition(10, [At(11, TimeSpan.Zero), At(12, TimeSpan.Zero)], Now).ShouldBe(12);

    [Test]
    public void A_recent_gap_stops_the_position_before_it()
    {
        // 12 may belong to a transaction that has not committed yet.
        ChangeFeed.SafePosition(10, [At(11, TimeSpan.Zero), At(13, TimeSpan.FromSeconds(5)), At(14, TimeSpan.Zero)], Now).ShouldBe(11);
        ChangeFeed.SafePosition(10, [At(12, TimeSpan.FromSeconds(59))], Now).ShouldBe(10);
    }

    [Test]
    public void A_gap_older_than_the_timeout_is_taken_for_a_rollback_and_passed()
    {
        ChangeFeed.SafePosition(10, [At(12, ChangeFeed.GapTimeout), At(13, TimeSpan.Zero)], Now).ShouldBe(13);
        ChangeFeed.SafePosition(10, [At(12, TimeSpan.FromMinutes(5)), At(15, TimeSpan.Zero)], Now).ShouldBe(12);
    }

    [Test]
    public void Nothing_read_leaves_the_position_where_it_was() =>
        ChangeFeed.SafePosition(10, [], Now).ShouldBe(10);
}
