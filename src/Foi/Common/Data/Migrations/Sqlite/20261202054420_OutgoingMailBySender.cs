using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Foi.Common.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OutgoingMailBySender : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_mail_outgoing_EnvelopeFrom_QueuedAt",
                table: "mail_outgoing",
                columns: new[] { "EnvelopeFrom", "QueuedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_mail_outgoing_EnvelopeFrom_QueuedAt",
                table: "mail_outgoing");
        }
    }
}
