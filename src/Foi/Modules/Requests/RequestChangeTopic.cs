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
        RequestAttachment attachment => entry.Context.Set<RequestMessage>().Local.FirstOrDefault(m => m.Id == attachment.RequestMessageId)?.RequestId,
        _ => null,
    };
}
