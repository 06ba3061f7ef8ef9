using Foi.Modules.Mail.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Foi.Modules.Mail.Data;

internal sealed class IncomingMailConfiguration : IEntityTypeConfiguration<IncomingMail>
{
    public void Configure(EntityTypeBuilder<IncomingMail> builder)
    {
        builder.ToTable("mail_incoming");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Source).HasMaxLength(20).IsRequired();
        builder.Property(m => m.EnvelopeRecipients).HasMaxLength(2000).IsRequired();
        builder.Property(m => m.MessageId).HasMaxLength(500);
        // One message per Message-ID and content: a stranger's mail reusing an earlier Message-ID is another message.
        // Unique indexes allow many NULLs on both providers, so mail without a Message-ID is kept apart by its hash.
        builder.Property(m => m.ContentKey).HasMaxLength(64).IsRequired();
        builder.HasIndex(m => new { m.MessageId, m.ContentKey }).IsUnique();
        builder.HasIndex(m => m.MessageId);
        builder.Property(m => m.RouteError).HasMaxLength(2000);
        builder.Property(m => m.Sha256).HasMaxLength(64).IsRequired();
        builder.HasIndex(m => m.Sha256).IsUnique();
        builder.Property(m => m.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.HeldReason).HasConversion<string>().HasMaxLength(30);
        builder.Property(m => m.FromAddress).HasMaxLength(320);
        builder.Property(m => m.Subject).HasMaxLength(1000);
        builder.Property(m => m.Note).HasMaxLength(1000);
        builder.Property(m => m.DiscardReason).HasMaxLength(500);
        builder.HasIndex(m => new { m.State, m.ReceivedAt });
        builder.HasIndex(m => new { m.State, m.NotBefore });
        builder.Ignore(m => m.EnvelopeRecipientList);
    }
}

internal sealed class IncomingDeliveryConfiguration : IEntityTypeConfiguration<IncomingDelivery>
{
    public void Configure(EntityTypeBuilder<IncomingDelivery> builder)
    {
        builder.ToTable("mail_incoming_deliveries");
        builder.HasKey(d => d.Id);
        builder.HasIndex(d => new { d.IncomingMailId, d.RequestId }).IsUnique();
        builder.HasIndex(d => d.DeliveredAt);
        builder.Property(d => d.RoutedBy).HasMaxLength(100);
        builder.HasOne<IncomingMail>().WithMany().HasForeignKey(d => d.IncomingMailId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BlockedAddressConfiguration : IEntityTypeConfiguration<BlockedAddress>
{
    public void Configure(EntityTypeBuilder<BlockedAddress> builder)
    {
        builder.ToTable("mail_blocked_addresses");
        builder.HasKey(b => b.Address);
        builder.Property(b => b.Address).HasMaxLength(320);
        builder.Property(b => b.AddedBy).HasMaxLength(320).IsRequired();
    }
}
