using Foi.Modules.Authorities.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Foi.Modules.Authorities.Data;

internal sealed class AuthorityApiKeyConfiguration : IEntityTypeConfiguration<AuthorityApiKey>
{
    public void Configure(EntityTypeBuilder<AuthorityApiKey> builder)
    {
        builder.ToTable("authority_api_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Label).HasMaxLength(100).IsRequired();
        builder.Property(k => k.Prefix).HasMaxLength(20).IsRequired();
        builder.Property(k => k.Hash).HasMaxLength(64).IsRequired();
        builder.HasIndex(k => k.Hash).IsUnique();
        builder.HasIndex(k => k.AuthorityId);
        builder.HasOne<Authority>().WithMany().HasForeignKey(k => k.AuthorityId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(k => k.IsRevoked);
    }
}
