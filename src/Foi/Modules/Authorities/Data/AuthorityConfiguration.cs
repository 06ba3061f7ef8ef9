using Foi.Modules.Authorities.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Foi.Modules.Authorities.Data;

internal sealed class AuthorityConfiguration : IEntityTypeConfiguration<Authority>
{
    public void Configure(EntityTypeBuilder<Authority> builder)
    {
        builder.ToTable("authorities");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Name).HasMaxLength(255).IsRequired();
        builder.HasIndex(a => a.Name).IsUnique();
        builder.Property(a => a.ShortName).HasMaxLength(100).IsRequired();
        builder.Property(a => a.Slug).HasMaxLength(100).IsRequired();
        builder.HasIndex(a => a.Slug).IsUnique();
        builder.Property(a => a.RequestEmail).HasMaxLength(320);
        builder.Property(a => a.HomePage).HasMaxLength(500);
        builder.Property(a => a.Notes).HasMaxLength(4000);
        builder.Property(a => a.Law).HasMaxLength(20);
        builder.Property(a => a.TagsText).HasColumnName("Tags").HasMaxLength(1000).IsRequired();
        builder.Ignore(a => a.Tags);
        builder.Ignore(a => a.CanReceiveRequests);
    }
}
