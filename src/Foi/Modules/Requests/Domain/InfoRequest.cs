namespace Foi.Modules.Requests.Domain;

/// <summary>A Freedom of Information request: one citizen asking one authority, in public.</summary>
internal sealed class InfoRequest
{
    public const int TitleMinLength = 10;
    public const int TitleMaxLength = 200;

    private InfoRequest()
    {
    }

    public int Id { get; private set; }
    public string Slug { get; private set; } = "";
    public string Title { get; private set; } = "";
    public int AuthorityId { get; private set; }
    public int UserId { get; private set; }
    public RequestState State { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateOnly DueDate { get; private set; }
    public DateOnly LongOverdueDate { get; private set; }
    public string LawKey { get; private set; } = FoiLaw.Default.Key;

    /// <summary>A response arrived and the requester has not yet said what it was.</summary>
    public bool AwaitingClassification { get; private set; }
    public DateTimeOffset? LastResponseAt { get; private set; }

    /// <summary>False when an admin closed the request to new responses (they then go to the holding pen).</summary>
    public bool ResponsesAllowed { get; private set; } = true;

    public DateTimeOffset? HiddenAt { get; private set; }
    public string? HiddenReason { get; private set; }
    public int? HiddenByUserId { get; private set; }

    /// <summary>
    /// Set when an admin took the request out of public view, to the level of <see cref="Visibility"/>: out of every
    /// list, search, feed and the API whatever the level; the page itself open by link (unlisted), to the requester and
    /// admins, or to admins only.
    /// </summary>
    public Moderation? Hidden => HiddenAt is { } at ? new Moderation(HiddenReason ?? "", at, HiddenByUserId ?? 0) : null;

    public RequestVisibility Visibility { get; private set; } = RequestVisibility.Public;
    public DateTimeOffset? OverdueReminderSentAt { get; private set; }
    public DateTimeOffset? LongOverdueReminderSentAt { get; private set; }
    public DateTimeOffset? ClassifyReminderSentAt { get; private set; }

    public static InfoRequest File(string title, string slug, int authorityId, int userId, DateTimeOffset now, DueDates due)
    {
        var trimmed = title.Trim();
        if (trimmed.Length is < TitleMinLength or > TitleMaxLength)
        {
            throw new ArgumentException($"A title has {TitleMinLength} to {TitleMaxLength} characters.", nameof(title));
        }
        return new InfoRequest
        {
            Title = trimmed,
            Slug = slug,
            AuthorityId = authorityId,
            UserId = userId,
            State = RequestState.WaitingResponse,
            CreatedAt = now,
            UpdatedAt = now,
            DueDate = due.Due,
            LongOverdueDate = due.LongOverdue,
            LawKey = due.LawKey,
        };
    }

    /// <summary>States only admins may set.</summary>
    public static readonly IReadOnlySet<RequestState> AdminOnlyStates = new HashSet<RequestState> { RequestState.Vexatious, RequestState.NotFoi };

    /// <summary>States in which the authority still owes an answer, so the due date matters.</summary>
    public bool IsWaiting => State is RequestState.WaitingResponse or RequestState.InternalReview;

    public bool IsOverdue(DateOnly today) => IsWaiting && !AwaitingClassification && today > DueDate;

    public bool IsLongOverdue(DateOnly today) => IsWaiting && !AwaitingClassification && today > LongOverdueDate;

    /// <summary>Any signed-in user may classify a response the requester has left unclassified this long.</summary>
    public static readonly TimeSpan OpenClassificationAfter = TimeSpan.FromDays(21);

    public bool AnyoneMayClassify(DateTimeOffset now) =>
        AwaitingClassification && LastResponseAt is { } last && now - last > OpenClassificationAfter;

    public void ReceiveResponse(DateTimeOffset now, bool isAutoReply)
    {
        LastResponseAt = now;
        UpdatedAt = now;
        if (!isAutoReply)
        {
            AwaitingClassification = true;
            ClassifyReminderSentAt = null;
        }
    }

    public void Classify(RequestState state, DateTimeOffset now)
    {
        State = state;
        AwaitingClassification = false;
        UpdatedAt = now;
    }

    /// <summary>A clarification restarts the clock; an internal review starts a new one.</summary>
    public void RestartClock(DueDates due, RequestState state, DateTimeOffset now)
    {
        DueDate = due.Due;
        LongOverdueDate = due.LongOverdue;
        State = state;
        AwaitingClassification = false;
        OverdueReminderSentAt = null;
        LongOverdueReminderSentAt = null;
        UpdatedAt = now;
    }

    public void AllowResponses(bool allowed) => ResponsesAllowed = allowed;

    public void Hide(Moderation? hidden, RequestVisibility level = RequestVisibility.RequesterOnly)
    {
        (HiddenAt, HiddenReason, HiddenByUserId) = (hidden?.At, hidden?.Reason, hidden?.ByUserId);
        Visibility = hidden is null ? RequestVisibility.Public : level == RequestVisibility.Public ? RequestVisibility.RequesterOnly : level;
    }

    /// <summary>
    /// Before the request is saved, when its slug was taken by a request filed at the same moment; or when a censor
    /// rule redacts words of the title the slug was made from (the old slug is then kept as an alias).
    /// </summary>
    public void ChangeSlug(string slug) => Slug = slug;

    /// <summary>When the requester closed their account: their name leaves the title (and the slug made from it).</summary>
    public void Forget(Func<string, string> scrub, string slug)
    {
        Title = scrub(Title);
        Slug = slug;
    }

    public void OverdueReminded(DateTimeOffset now) => OverdueReminderSentAt = now;

    public void LongOverdueReminded(DateTimeOffset now) => LongOverdueReminderSentAt = now;

    public void ClassifyReminded(DateTimeOffset now) => ClassifyReminderSentAt = now;
}

/// <summary>Who may read a request's page. Every level but <see cref="Public"/> keeps it out of lists, search, feeds and the API.</summary>
internal enum RequestVisibility
{
    Public,

    /// <summary>Anyone with the link reads it; nothing lists it and search engines are asked not to index it.</summary>
    Unlisted,

    /// <summary>Only the requester and admins.</summary>
    RequesterOnly,

    /// <summary>Only admins: the requester too is shown the notice.</summary>
    AdminsOnly,
}

/// <summary>When an answer is due, and when it is long overdue, under the request's law.</summary>
internal sealed record DueDates(DateOnly Due, DateOnly LongOverdue, string LawKey);

internal enum MessageDirection
{
    Outgoing,
    Incoming,
}

internal enum OutgoingKind
{
    InitialRequest,
    FollowUp,
    Clarification,
    InternalReview,
    Withdrawal,
}

/// <summary>One letter of a request's correspondence, as published on its page.</summary>
internal sealed class RequestMessage
{
    private RequestMessage()
    {
    }

    public int Id { get; private set; }
    public int RequestId { get; private set; }
    public MessageDirection Direction { get; private set; }
    public OutgoingKind? Kind { get; private set; }
    public string Subject { get; private set; } = "";
    public string Body { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The Mail module's id of the email that carried it (outgoing only).</summary>
    public Guid? OutgoingMailId { get; private set; }

    /// <summary>The Mail module's id of the received email (incoming only).</summary>
    public Guid? IncomingMailId { get; private set; }
    public string? FromName { get; private set; }
    public string? FromAddress { get; private set; }

    /// <summary>The sanitised HTML of a reply that had no plain-text part.</summary>
    public string? BodyHtml { get; private set; }
    public bool IsAutoReply { get; private set; }
    public string? Notice { get; private set; }

    public DateTimeOffset? HiddenAt { get; private set; }
    public string? HiddenReason { get; private set; }
    public int? HiddenByUserId { get; private set; }

    /// <summary>Set when an admin hid this message from the public (personal data sent by mistake, say).</summary>
    public Moderation? Hidden => HiddenAt is { } at ? new Moderation(HiddenReason ?? "", at, HiddenByUserId ?? 0) : null;

    public void Hide(Moderation? hidden) => (HiddenAt, HiddenReason, HiddenByUserId) = (hidden?.At, hidden?.Reason, hidden?.ByUserId);

    /// <summary>When a person closed their account: their name and address leave the stored letter.</summary>
    public void Forget(Func<string, string> scrub)
    {
        Subject = scrub(Subject);
        Body = scrub(Body);
        BodyHtml = BodyHtml is null ? null : scrub(BodyHtml);
        FromName = FromName is null ? null : scrub(FromName);
        FromAddress = FromAddress is null ? null : scrub(FromAddress);
    }

    public static RequestMessage Incoming(
        int requestId, Guid incomingMailId, string fromName, string fromAddress, string subject, string body, string? bodyHtml,
        bool isAutoReply, string? notice, DateTimeOffset sentAt) => new()
    {
        RequestId = requestId,
        Direction = MessageDirection.Incoming,
        IncomingMailId = incomingMailId,
        // A stranger's mail can carry any length of name: cut to the columns, the raw mail keeps the whole.
        FromName = fromName.Length > 320 ? fromName[..320] : fromName,
        FromAddress = fromAddress.Length > 320 ? fromAddress[..320] : fromAddress,
        Subject = subject.Length > 1000 ? subject[..1000] : subject,
        Body = body,
        BodyHtml = bodyHtml,
        IsAutoReply = isAutoReply,
        Notice = notice,
        CreatedAt = sentAt,
    };

    public static RequestMessage Outgoing(int requestId, OutgoingKind kind, string subject, string body, Guid outgoingMailId, DateTimeOffset now) => new()
    {
        RequestId = requestId,
        Direction = MessageDirection.Outgoing,
        Kind = kind,
        Subject = subject,
        Body = body,
        OutgoingMailId = outgoingMailId,
        CreatedAt = now,
    };
}

/// <summary>A file attached to a response, with the text extracted from it.</summary>
internal sealed class RequestAttachment
{
    private RequestAttachment()
    {
    }

    public int Id { get; private set; }
    public int RequestMessageId { get; private set; }
    public int Index { get; private set; }
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long Size { get; private set; }
    public string? Text { get; private set; }
    public string? Note { get; private set; }

    public DateTimeOffset? HiddenAt { get; private set; }
    public string? HiddenReason { get; private set; }
    public int? HiddenByUserId { get; private set; }

    /// <summary>Set when an admin hid this attachment from the public.</summary>
    public Moderation? Hidden => HiddenAt is { } at ? new Moderation(HiddenReason ?? "", at, HiddenByUserId ?? 0) : null;

    public void Hide(Moderation? hidden) => (HiddenAt, HiddenReason, HiddenByUserId) = (hidden?.At, hidden?.Reason, hidden?.ByUserId);

    public void Forget(Func<string, string> scrub)
    {
        FileName = scrub(FileName);
        Text = Text is null ? null : scrub(Text);
    }

    public static RequestAttachment For(int messageId, int index, string fileName, string contentType, long size, string? text, string? note) => new()
    {
        RequestMessageId = messageId,
        Index = index,
        FileName = fileName,
        ContentType = contentType,
        Size = size,
        Text = text,
        Note = note,
    };
}

/// <summary>One thing that happened to a request, for its history.</summary>
internal sealed class RequestEvent
{
    private RequestEvent()
    {
    }

    public int Id { get; private set; }
    public int RequestId { get; private set; }
    public string Kind { get; private set; } = "";
    public RequestState? State { get; private set; }
    public int? UserId { get; private set; }
    public string? Detail { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The message or comment the event is about, so alerts and feeds leave it out once it is hidden.</summary>
    public int? MessageId { get; private set; }
    public int? CommentId { get; private set; }

    public static RequestEvent Record(int requestId, string kind, DateTimeOffset now, int? userId = null, RequestState? state = null, string? detail = null) => new()
    {
        RequestId = requestId,
        Kind = kind,
        UserId = userId,
        State = state,
        Detail = detail is { Length: > 500 } ? detail[..500] : detail,
        CreatedAt = now,
    };

    public RequestEvent About(RequestMessage message)
    {
        MessageId = message.Id;
        return this;
    }

    public RequestEvent About(Comment comment)
    {
        CommentId = comment.Id;
        return this;
    }
}

/// <summary>A comment by any signed-in user on a request (an annotation).</summary>
internal sealed class Comment
{
    private Comment()
    {
    }

    public int Id { get; private set; }
    public int RequestId { get; private set; }
    public int UserId { get; private set; }
    public string Body { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? HiddenAt { get; private set; }
    public int? HiddenByUserId { get; private set; }
    public int ReportCount { get; private set; }

    /// <summary>When its author was banned: hidden from the public with the rest of what the account wrote, until unbanned.</summary>
    public DateTimeOffset? AuthorBannedAt { get; private set; }

    public void AuthorBanned(DateTimeOffset? at) => AuthorBannedAt = at;

    public static Comment Write(int requestId, int userId, string body, DateTimeOffset now) => new()
    {
        RequestId = requestId,
        UserId = userId,
        Body = body.Trim(),
        CreatedAt = now,
    };

    public void Hide(int byUserId, DateTimeOffset now)
    {
        HiddenAt ??= now;
        HiddenByUserId ??= byUserId;
    }

    public void Reported() => ReportCount++;

    public void Forget(Func<string, string> scrub) => Body = scrub(Body);
}

internal sealed class CommentReport
{
    private CommentReport()
    {
    }

    public int Id { get; private set; }
    public int CommentId { get; private set; }
    public int UserId { get; private set; }
    public string Reason { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    public static CommentReport By(int commentId, int userId, string reason, DateTimeOffset now) => new()
    {
        CommentId = commentId,
        UserId = userId,
        Reason = reason.Length > 500 ? reason[..500] : reason,
        CreatedAt = now,
    };
}

/// <summary>A public holiday: not a working day for due dates.</summary>
internal sealed class PublicHoliday
{
    private PublicHoliday()
    {
    }

    public DateOnly Date { get; private set; }
    public string Name { get; private set; } = "";

    public static PublicHoliday On(DateOnly date, string name) => new() { Date = date, Name = name.Length > 200 ? name[..200] : name };

    public void Rename(string name) => Name = name.Length > 200 ? name[..200] : name;
}

/// <summary>A request written by someone not yet signed in, kept while they sign in or sign up.</summary>
internal sealed class RequestDraft
{
    private RequestDraft()
    {
    }

    public Guid Id { get; private set; }
    public int AuthorityId { get; private set; }
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    public DateTimeOffset UpdatedAt { get; private set; }

    public static RequestDraft Create(int authorityId, string title, string body, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        AuthorityId = authorityId,
        Title = title,
        Body = body,
        UpdatedAt = now,
    };

    public void Update(string title, string body, DateTimeOffset now)
    {
        Title = title;
        Body = body;
        UpdatedAt = now;
    }
}

/// <summary>
/// A letter form that was sent, keyed by the id the form carried since it was first shown. A browser that posts the
/// same form again (a double click, a reload after the site did not answer) finds it here and is shown what was sent,
/// instead of the authority receiving the letter twice.
/// </summary>
internal sealed class LetterSubmission
{
    private LetterSubmission()
    {
    }

    public Guid Id { get; private set; }
    public int UserId { get; private set; }
    public int RequestId { get; private set; }
    public DateTimeOffset SentAt { get; private set; }

    public static LetterSubmission Record(Guid id, int userId, int requestId, DateTimeOffset now) =>
        new() { Id = id, UserId = userId, RequestId = requestId, SentAt = now };
}

/// <summary>Why and when an admin hid something from the public; the reason is shown in its place.</summary>
internal sealed record Moderation(string Reason, DateTimeOffset At, int ByUserId)
{
    public const int ReasonMaxLength = 500;
}
