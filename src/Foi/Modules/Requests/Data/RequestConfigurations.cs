using Foi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Foi.Modules.Requests.Data;

internal sealed class InfoRequestConfiguration : IEntityTypeConfiguration<InfoRequest>
{
    public void Configure(EntityTypeBuilder<InfoRequest> builder)
    {
        builder.ToTable("requests");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Slug).HasMaxLength(120).IsRequired();
        builder.HasIndex(r => r.Slug).IsUnique();
        builder.Property(r => r.Title).HasMaxLength(InfoRequest.TitleMaxLength).IsRequired();
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(40);
        builder.Property(r => r.LawKey).HasMaxLength(20).IsRequired();
        builder.HasIndex(r => new { r.AuthorityId, r.CreatedAt });
        builder.HasIndex(r => new { r.UserId, r.CreatedAt });
        builder.HasIndex(r => r.CreatedAt);
        builder.HasIndex(r => new { r.State, r.DueDate });
        // The API's list by status, newest first, at any depth.
        builder.HasIndex(r => new { r.State, r.CreatedAt });
        builder.Ignore(r => r.IsWaiting);
        builder.Property(r => r.HiddenReason).HasMaxLength(Moderation.ReasonMaxLength);
        builder.Ignore(r => r.Hidden);
        builder.Property(r => r.Visibility).HasConversion<string>().HasMaxLength(20).HasDefaultValue(RequestVisibility.Public).HasSentinel(RequestVisibility.Public);
    }
}

internal sealed class RequestMessageConfiguration : IEntityTypeConfiguration<RequestMessage>
{
    public void Configure(EntityTypeBuilder<RequestMessage> builder)
    {
        builder.ToTable("request_messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Direction).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.Subject).HasMaxLength(1000).IsRequired();
        builder.Property(m => m.Body).IsRequired();
        builder.Property(m => m.FromName).HasMaxLength(320);
        builder.Property(m => m.FromAddress).HasMaxLength(320);
        builder.Property(m => m.Notice).HasMaxLength(1000);
        builder.Property(m => m.HiddenReason).HasMaxLength(Moderation.ReasonMaxLength);
        builder.Ignore(m => m.Hidden);
        builder.HasIndex(m => new { m.RequestId, m.CreatedAt });
        // One received email is published once on each request it reached.
        builder.HasIndex(m => new { m.IncomingMailId, m.RequestId }).IsUnique();
        builder.HasIndex(m => m.OutgoingMailId);
        builder.HasOne<InfoRequest>().WithMany().HasForeignKey(m => m.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RequestAttachmentConfiguration : IEntityTypeConfiguration<RequestAttachment>
{
    public void Configure(EntityTypeBuilder<RequestAttachment> builder)
    {
        builder.ToTable("request_attachments");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.FileName).HasMaxLength(200).IsRequired();
        builder.Property(a => a.ContentType).HasMaxLength(150).IsRequired();
        builder.Property(a => a.Note).HasMaxLength(300);
        builder.Property(a => a.HiddenReason).HasMaxLength(Moderation.ReasonMaxLength);
        builder.Ignore(a => a.Hidden);
        builder.HasIndex(a => new { a.RequestMessageId, a.Index }).IsUnique();
        builder.HasOne<RequestMessage>().WithMany().HasForeignKey(a => a.RequestMessageId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RequestEventConfiguration : IEntityTypeConfiguration<RequestEvent>
{
    public void Configure(EntityTypeBuilder<RequestEvent> builder)
    {
        builder.ToTable("request_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Kind).HasMaxLength(30).IsRequired();
        builder.Property(e => e.State).HasConversion<string>().HasMaxLength(40);
        builder.Property(e => e.Detail).HasMaxLength(500);
        builder.HasIndex(e => new { e.RequestId, e.CreatedAt });
        builder.HasOne<InfoRequest>().WithMany().HasForeignKey(e => e.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CommentConfiguration : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> builder)
    {
        builder.ToTable("request_comments");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Body).HasMaxLength(10_000).IsRequired();
        builder.HasIndex(c => new { c.RequestId, c.CreatedAt });
        builder.HasOne<InfoRequest>().WithMany().HasForeignKey(c => c.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CommentReportConfiguration : IEntityTypeConfiguration<CommentReport>
{
    public void Configure(EntityTypeBuilder<CommentReport> builder)
    {
        builder.ToTable("request_comment_reports");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Reason).HasMaxLength(500).IsRequired();
        builder.HasIndex(r => new { r.CommentId, r.UserId }).IsUnique();
        builder.HasOne<Comment>().WithMany().HasForeignKey(r => r.CommentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PublicHolidayConfiguration : IEntityTypeConfiguration<PublicHoliday>
{
    public void Configure(EntityTypeBuilder<PublicHoliday> builder)
    {
        builder.ToTable("public_holidays");
        builder.HasKey(h => h.Date);
        builder.Property(h => h.Name).HasMaxLength(200).IsRequired();
    }
}

internal sealed class RequestDraftConfiguration : IEntityTypeConfiguration<RequestDraft>
{
    public void Configure(EntityTypeBuilder<RequestDraft> builder)
    {
        builder.ToTable("request_drafts");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Title).HasMaxLength(1000).IsRequired();
        builder.Property(d => d.Body).IsRequired();
    }
}

internal sealed class LetterSubmissionConfiguration : IEntityTypeConfiguration<LetterSubmission>
{
    public void Configure(EntityTypeBuilder<LetterSubmission> builder)
    {
        builder.ToTable("request_submissions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.HasIndex(s => s.SentAt);
        builder.HasOne<InfoRequest>().WithMany().HasForeignKey(s => s.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FollowConfiguration : IEntityTypeConfiguration<Follow>
{
    public void Configure(EntityTypeBuilder<Follow> builder)
    {
        builder.ToTable("follows");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(f => f.Query).HasMaxLength(Follow.MaxQuery).IsRequired();
        // One follow of one thing (or one search) per person.
        builder.HasIndex(f => new { f.UserId, f.Kind, f.TargetId, f.Query }).IsUnique();
        builder.HasIndex(f => new { f.Kind, f.TargetId });
    }
}

internal sealed class AlertCursorConfiguration : IEntityTypeConfiguration<AlertCursor>
{
    public void Configure(EntityTypeBuilder<AlertCursor> builder)
    {
        builder.ToTable("alert_cursors");
        builder.HasKey(c => c.UserId);
        builder.Property(c => c.UserId).ValueGeneratedNever();
    }
}

internal sealed class CensorRuleConfiguration : IEntityTypeConfiguration<CensorRule>
{
    public void Configure(EntityTypeBuilder<CensorRule> builder)
    {
        builder.ToTable("censor_rules");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Pattern).HasMaxLength(CensorRule.PatternMaxLength).IsRequired();
        builder.Property(r => r.Replacement).HasMaxLength(CensorRule.ReplacementMaxLength).IsRequired();
        builder.Property(r => r.Scope).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Note).HasMaxLength(CensorRule.NoteMaxLength).IsRequired();
        builder.HasIndex(r => new { r.Scope, r.ScopeId });
    }
}

internal sealed class CensorRuleChangeConfiguration : IEntityTypeConfiguration<CensorRuleChange>
{
    public void Configure(EntityTypeBuilder<CensorRuleChange> builder)
    {
        builder.ToTable("censor_rule_changes");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Action).HasMaxLength(20).IsRequired();
        builder.Property(c => c.Description).HasMaxLength(1000).IsRequired();
        builder.Property(c => c.Note).HasMaxLength(CensorRule.NoteMaxLength).IsRequired();
        builder.HasIndex(c => c.At);
    }
}

internal sealed class RequestSlugAliasConfiguration : IEntityTypeConfiguration<RequestSlugAlias>
{
    public void Configure(EntityTypeBuilder<RequestSlugAlias> builder)
    {
        builder.ToTable("request_slug_aliases");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Slug).HasMaxLength(120).IsRequired();
        builder.HasIndex(a => a.Slug).IsUnique();
        builder.HasOne<InfoRequest>().WithMany().HasForeignKey(a => a.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WithheldAttachmentConfiguration : IEntityTypeConfiguration<WithheldAttachment>
{
    public void Configure(EntityTypeBuilder<WithheldAttachment> builder)
    {
        builder.ToTable("withheld_attachments");
        builder.HasKey(w => w.Id);
        builder.HasIndex(w => w.AttachmentId).IsUnique();
        builder.HasIndex(w => w.FoundAt);
        builder.Property(w => w.Reason).HasMaxLength(500).IsRequired();
        builder.Property(w => w.ReplacementFileName).HasMaxLength(200);
        builder.Property(w => w.ReplacementContentType).HasMaxLength(150);
        builder.HasOne<RequestAttachment>().WithMany().HasForeignKey(w => w.AttachmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
