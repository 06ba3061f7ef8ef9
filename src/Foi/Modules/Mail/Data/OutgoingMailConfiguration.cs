using Foi.Modules.Mail.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Foi.Modules.Mail.Data;

internal sealed class OutgoingMailConfiguration : IEntityTypeConfiguration<OutgoingMail>
{
    public void Configure(EntityTypeBuilder<OutgoingMail> builder)
    {
        builder.ToTable("mail_outgoing");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.MessageId).HasMaxLength(255).IsRequired();
        builder.HasIndex(m => m.MessageId).IsUnique();
        builder.Property(m => m.EnvelopeFrom).HasMaxLength(320).IsRequired();
        // The log import finds a message by its request address when the MTA logged no Message-ID.
        builder.HasIndex(m => new { m.EnvelopeFrom, m.QueuedAt });
        builder.Property(m => m.EnvelopeTo).HasMaxLength(2000).IsRequired();
        builder.Property(m => m.Subject).HasMaxLength(1000).IsRequired();
        builder.Property(m => m.Purpose).HasMaxLength(50).IsRequired();
        builder.Property(m => m.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.LastError).HasMaxLength(1000);
        builder.Property(m => m.ServerResponse).HasMaxLength(500);
        builder.HasIndex(m => new { m.State, m.NextAttemptAt });
        builder.Ignore(m => m.Recipients);
    }
}
