using Foi.Common.Data;
using Foi.Modules.Requests.Contracts;
using Foi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Foi.Modules.Requests;

/// <summary>A save touching a request, its messages, attachments or comments changes what the public reads of it.</summary>
internal sealed class RequestChangeTopic : IChangeTopic
{
    public string Name => RequestTopic.Name;

    public int? EntityIdOf(EntityEntry entry) => entry.Entity switch
    {
        InfoRequest request => request.Id,
        RequestMessage message => message.RequestId,
        Comment comment => comment.RequestId,
        // Find looks among the tracked messages first and asks the database only when the message was not loaded.
        RequestAttachment attachment => entry.Context.Set<RequestMessage>().Find(attachment.RequestMessageId)?.RequestId,
        _ => null,
    };
}

/// <summary>A censor rule added, changed or removed may change any page: its log line is a change of this topic.</summary>
internal sealed class CensorRuleChangeTopic : IChangeTopic
{
    public const string TopicName = "censor";

    public string Name => TopicName;

    public int? EntityIdOf(EntityEntry entry) => entry.Entity is CensorRuleChange change ? change.Id : null;
}
