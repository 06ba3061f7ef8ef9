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
        builder.HasIndex(r => new { r.AuthorityId, r.CreatedAt });
        builder.HasIndex(r => new { r.UserId, r.CreatedAt });
        builder.HasIndex(r => r.CreatedAt);
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
        builder.HasIndex(m => new { m.RequestId, m.CreatedAt });
        builder.HasOne<InfoRequest>().WithMany().HasForeignKey(m => m.RequestId).OnDelete(DeleteBehavior.Cascade);
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
