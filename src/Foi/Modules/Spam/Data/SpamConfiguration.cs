using Foi.Modules.Spam.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Foi.Modules.Spam.Data;

internal sealed class SpamAssessmentConfiguration : IEntityTypeConfiguration<SpamAssessment>
{
    public void Configure(EntityTypeBuilder<SpamAssessment> builder)
    {
        builder.ToTable("spam_assessments");
        builder.HasKey(a => a.UserId);
        builder.Property(a => a.UserId).ValueGeneratedNever();
        builder.Property(a => a.FiredRules).HasMaxLength(4000).IsRequired();
        builder.Property(a => a.Verdict).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(a => new { a.Verdict, a.Score });
        builder.Ignore(a => a.Rules);
    }
}

internal sealed class SpamActionConfiguration : IEntityTypeConfiguration<SpamAction>
{
    public void Configure(EntityTypeBuilder<SpamAction> builder)
    {
        builder.ToTable("spam_actions");
        builder.HasKey(a => a.Id);
        // Stored as the words admins read in the database and exports ("ban", "not_spam"), as before the enum existed.
        builder.Property(a => a.Action).HasConversion(
            decision => StoredName(decision),
            stored => Parse(stored)).HasMaxLength(30).IsRequired();
        builder.Property(a => a.Reason).HasMaxLength(500);
        builder.Property(a => a.By).HasMaxLength(320).IsRequired();
        builder.HasIndex(a => new { a.UserId, a.At });
    }

    private static string StoredName(AccountDecision decision) => decision switch
    {
        AccountDecision.NotSpam => "not_spam",
        _ => decision.ToString().ToLowerInvariant(),
    };

    private static AccountDecision Parse(string stored) =>
        stored == "not_spam" ? AccountDecision.NotSpam : Enum.Parse<AccountDecision>(stored, ignoreCase: true);
}

internal sealed class SpamListEntryConfiguration : IEntityTypeConfiguration<SpamListEntry>
{
    public void Configure(EntityTypeBuilder<SpamListEntry> builder)
    {
        builder.ToTable("spam_list_entries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.List).HasMaxLength(40).IsRequired();
        builder.Property(e => e.Value).HasMaxLength(200).IsRequired();
        builder.Property(e => e.AddedBy).HasMaxLength(320).IsRequired();
        builder.HasIndex(e => new { e.List, e.Value }).IsUnique();
    }
}

internal sealed class ActionCountConfiguration : IEntityTypeConfiguration<Foi.Modules.Spam.Limits.ActionCount>
{
    public void Configure(EntityTypeBuilder<Foi.Modules.Spam.Limits.ActionCount> builder)
    {
        builder.ToTable("spam_action_counts");
        builder.HasKey(c => new { c.Key, c.Slice });
        builder.Property(c => c.Key).HasMaxLength(200);
        builder.HasIndex(c => c.Expires);
    }
}
