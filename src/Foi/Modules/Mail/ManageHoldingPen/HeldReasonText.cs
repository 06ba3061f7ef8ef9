using Foi.Modules.Mail.Domain;

namespace Foi.Modules.Mail.ManageHoldingPen;

/// <summary>Why a message waits in the holding pen, in words an admin understands (never the internal code).</summary>
internal static class HeldReasonText
{
    public static string Describe(HeldReason? reason) => reason switch
    {
        HeldReason.NoRequestAddress => "Not addressed to any request",
        HeldReason.BadHash => "Addressed to a request number with a wrong code (mistyped, or made up)",
        HeldReason.ClosedToResponses => "Its request no longer accepts replies",
        HeldReason.Unparseable => "Could not be read as an email",
        HeldReason.UnmatchedBounce => "A bounce that matches none of the messages we sent",
        HeldReason.SpamScore => "Looks like spam",
        _ => "",
    };

    public static string Describe(IncomingState state) => state switch
    {
        IncomingState.Stored => "Stored, waiting to be routed",
        IncomingState.Held => "Held in the holding pen",
        IncomingState.Routed => "Delivered to its request",
        IncomingState.Bounce => "A bounce of a message we sent",
        IncomingState.Discarded => "Discarded",
        IncomingState.Failed => "Set aside: routing failed again and again",
        _ => state.ToString(),
    };
}
