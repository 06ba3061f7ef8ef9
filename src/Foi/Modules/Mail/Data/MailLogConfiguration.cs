using Foi.Modules.Mail.Contracts;
using Foi.Modules.Mail.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Foi.Modules.Mail.Data;

internal sealed class MailLogFileConfiguration : IEntityTypeConfiguration<MailLogFile>
{
    public void Configure(EntityTypeBuilder<MailLogFile> builder)
    {
        builder.ToTable("mail_log_files");
        builder.HasKey(f => f.Identity);
        builder.Property(f => f.Identity).HasMaxLength(64);
        builder.Property(f => f.Path).HasMaxLength(1000).IsRequired();
    }
}

internal sealed class MailLogQueueIdConfiguration : IEntityTypeConfiguration<MailLogQueueId>
{
    public void Configure(EntityTypeBuilder<MailLogQueueId> builder)
    {
        builder.ToTable("mail_log_queue_ids");
        builder.HasKey(q => new { q.Mta, q.QueueId });
        builder.Property(q => q.Mta).HasMaxLength(10);
        builder.Property(q => q.QueueId).HasMaxLength(40);
        builder.HasIndex(q => q.SeenAt);
    }
}

internal sealed class MailLogEvidenceConfiguration : IEntityTypeConfiguration<MailLogEvidence>
{
    public void Configure(EntityTypeBuilder<MailLogEvidence> builder)
    {
        builder.ToTable("mail_log_lines");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.FileIdentity).HasMaxLength(64).IsRequired();
        builder.Property(e => e.FilePath).HasMaxLength(1000).IsRequired();
        builder.Property(e => e.Text).HasMaxLength(2000).IsRequired();
        builder.HasIndex(e => new { e.FileIdentity, e.LineNumber }).IsUnique();
        builder.HasIndex(e => new { e.OutgoingMailId, e.Time });
    }
}

internal sealed class RecipientDeliveryConfiguration : IEntityTypeConfiguration<RecipientDelivery>
{
    public void Configure(EntityTypeBuilder<RecipientDelivery> builder)
    {
        builder.ToTable("mail_recipient_deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Recipient).HasMaxLength(320).IsRequired();
        // Stored as the lowercase word the rows have always held ("delivered"), so no data changes.
        builder.Property(d => d.Status).HasMaxLength(20).IsRequired()
            .HasConversion(status => status.ToLogWord(), word => RecipientStatuses.FromLogWord(word));
        builder.Property(d => d.Reason).HasMaxLength(500);
        builder.Property(d => d.RemoteHost).HasMaxLength(255);
        builder.HasIndex(d => new { d.OutgoingMailId, d.Recipient }).IsUnique();
        builder.HasIndex(d => new { d.Status, d.ProblemNotifiedAt });
    }
}

internal sealed class MailSecretConfiguration : IEntityTypeConfiguration<MailSecret>
{
    public void Configure(EntityTypeBuilder<MailSecret> builder)
    {
        builder.ToTable("mail_secrets");
        builder.HasKey(s => s.Name);
        builder.Property(s => s.Name).HasMaxLength(100);
        builder.Property(s => s.Value).HasMaxLength(500).IsRequired();
    }
}

internal sealed class MailLogLeaseConfiguration : IEntityTypeConfiguration<MailLogLease>
{
    public void Configure(EntityTypeBuilder<MailLogLease> builder)
    {
        builder.ToTable("mail_log_leases");
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasMaxLength(50);
        builder.Property(l => l.Holder).HasMaxLength(200).IsRequired();
    }
}
