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

    public static InfoRequest File(string title, string slug, int authorityId, int userId, DateTimeOffset now, DateOnly dueDate)
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
            DueDate = dueDate,
        };
    }

    public bool IsOverdue(DateOnly today) => State == RequestState.WaitingResponse && today > DueDate;
}

internal enum MessageDirection
{
    Outgoing,
    Incoming,
}

internal enum OutgoingKind
{
    InitialRequest,
    FollowUp,
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
