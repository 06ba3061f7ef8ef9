using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Users.Contracts;

namespace Foi.Modules.Requests.ShowRequest;

/// <summary>What the visitor may see and do on the page.</summary>
internal sealed record ViewerRights(bool SignedIn, bool IsRequester, bool IsAdmin, bool SeesHidden, bool MayFollowUp, bool MayComment, bool MayReport)
{
    public static ViewerRights Of(RequestAccess access) =>
        new(access.SignedIn, access.IsRequester, access.IsAdmin, access.SeesHidden, access.MayFollowUp, access.MayComment, access.MayReport);
}

internal sealed record RequestFacts(
    int Id,
    string Slug,
    string Title,
    RequestState State,
    DateTimeOffset CreatedAt,
    DateOnly DueDate,
    bool IsWaiting,
    bool AwaitingClassification,
    bool ResponsesAllowed,
    Moderation? Hidden,
    IReadOnlyList<string> FollowUpsOffered,
    RequestVisibility Visibility = RequestVisibility.Public);

internal sealed record Letter(
    int Id,
    MessageDirection Direction,
    OutgoingKind? Kind,
    bool IsAutoReply,
    string? FromName,
    DateTimeOffset CreatedAt,
    Moderation? Hidden,
    string Subject,
    string? Notice,
    string Body,
    string? BodyHtml)
{
    public static Letter Of(RequestMessage m, Redaction.Redactor redactor) =>
        new(m.Id, m.Direction, m.Kind, m.IsAutoReply, redactor.Apply(m.FromName), m.CreatedAt, m.Hidden, redactor.Apply(m.Subject), m.Notice,
            redactor.Apply(m.Body), redactor.ApplyHtml(m.BodyHtml));
}

internal sealed record AttachmentLink(int Index, string FileName, string ContentType, long Size, bool HasText, string? Note, Moderation? Hidden)
{
    public static AttachmentLink Of(RequestAttachment a, Redaction.Redactor redactor) =>
        new(a.Index, redactor.Apply(a.FileName), a.ContentType, a.Size, a.Text is not null, a.Note, a.Hidden);
}

internal sealed record CorrespondenceItem(Letter Message, OutgoingMailStatus? Delivery, IReadOnlyList<AttachmentLink> Attachments, IReadOnlyList<DeliveryEvidence> Evidence);

internal sealed record CommentItem(int Id, string Body, DateTimeOffset CreatedAt, bool Hidden, bool AuthorBanned, int ReportCount, UserSummary? Author)
{
    public static CommentItem Of(Comment c, UserSummary? author, Redaction.Redactor redactor) =>
        new(c.Id, redactor.Apply(c.Body), c.CreatedAt, c.HiddenAt is not null, c.AuthorBannedAt is not null, c.ReportCount, author);
}

internal sealed record HistoryLine(DateTimeOffset At, string Text)
{
    public static HistoryLine Of(RequestEvent e) => new(e.CreatedAt, e.Kind switch
    {
        "sent" => "request sent",
        "response" => "response received",
        "auto_reply" => "automatic reply received",
        "classified" => $"status set to {RequestStateLabels.Label(e.State ?? RequestState.WaitingResponse)}{(e.Detail is null ? "" : " " + e.Detail)}",
        "authority_api" => e.Detail ?? "the authority used the API",
        "followup" => $"{e.Detail} sent",
        "bounce" => "a message could not be delivered",
        "delayed" => "a message has waited over a day to be delivered",
        "withdrawn" => "withdrawn by the requester",
        "responses_closed" => "closed to new responses",
        "responses_opened" => "opened to new responses",
        "comment" => "comment added",
        "request_hidden" => "hidden from the public by the site's administrators",
        "request_shown" => "shown to the public again",
        "message_hidden" => "a message hidden from the public by the site's administrators",
        "message_shown" => "a hidden message shown again",
        "attachment_hidden" => "an attachment hidden from the public by the site's administrators",
        "attachment_shown" => "a hidden attachment shown again",
        _ => e.Kind,
    });
}

internal sealed record RequestPage(
    ViewerRights Access,
    RequestFacts Request,
    AuthoritySummary? Authority,
    UserSummary? Requester,
    string StatusLabel,
    bool Overdue,
    bool LongOverdue,
    IReadOnlyList<CorrespondenceItem> Correspondence,
    IReadOnlyList<HistoryLine> History,
    IReadOnlyList<CommentItem> Comments,
    bool MayClassify,
    string LawName);
