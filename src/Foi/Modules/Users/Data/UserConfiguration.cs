using Foi.Modules.Users.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Foi.Modules.Users.Data;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.Property(u => u.Name).HasMaxLength(100).IsRequired();
        builder.Property(u => u.Slug).HasMaxLength(80).IsRequired();
        builder.HasIndex(u => u.Slug).IsUnique();
        builder.Property(u => u.AboutMe).HasMaxLength(2000);
        builder.Property(u => u.SignupIp).HasMaxLength(45);
        builder.HasIndex(u => new { u.SignupIp, u.CreatedAt });
        builder.Property(u => u.SignupUserAgent).HasMaxLength(500);
        builder.Property(u => u.BanReason).HasMaxLength(500);
        builder.Property(u => u.ClosedReason).HasMaxLength(500);
        builder.Property(u => u.PublicName).HasMaxLength(100);
        builder.Property(u => u.EmailBounceReason).HasMaxLength(500);
    }
}
