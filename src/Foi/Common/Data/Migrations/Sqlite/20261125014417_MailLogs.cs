using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Foi.Common.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MailLogs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "mail_log_files",
                columns: table => new
                {
                    Identity = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Path = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Offset = table.Column<long>(type: "INTEGER", nullable: false),
                    LinesRead = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mail_log_files", x => x.Identity);
                });

            migrationBuilder.CreateTable(
                name: "mail_log_lines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OutgoingMailId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FileIdentity = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FilePath = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    LineNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    Time = table.Column<long>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mail_log_lines", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "mail_log_queue_ids",
                columns: table => new
                {
                    Mta = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    QueueId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    OutgoingMailId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SeenAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mail_log_queue_ids", x => new { x.Mta, x.QueueId });
                });

            migrationBuilder.CreateTable(
                name: "mail_recipient_deliveries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OutgoingMailId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Recipient = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Time = table.Column<long>(type: "INTEGER", nullable: false),
                    DeferredSince = table.Column<long>(type: "INTEGER", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RemoteHost = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    ProblemNotifiedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mail_recipient_deliveries", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_mail_log_lines_FileIdentity_LineNumber",
                table: "mail_log_lines",
                columns: new[] { "FileIdentity", "LineNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_mail_log_lines_OutgoingMailId_Time",
                table: "mail_log_lines",
                columns: new[] { "OutgoingMailId", "Time" });

            migrationBuilder.CreateIndex(
                name: "IX_mail_log_queue_ids_SeenAt",
                table: "mail_log_queue_ids",
                column: "SeenAt");

            migrationBuilder.CreateIndex(
                name: "IX_mail_recipient_deliveries_OutgoingMailId_Recipient",
                table: "mail_recipient_deliveries",
                columns: new[] { "OutgoingMailId", "Recipient" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_mail_recipient_deliveries_Status_ProblemNotifiedAt",
                table: "mail_recipient_deliveries",
                columns: new[] { "Status", "ProblemNotifiedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "mail_log_files");

            migrationBuilder.DropTable(
                name: "mail_log_lines");

            migrationBuilder.DropTable(
                name: "mail_log_queue_ids");

            migrationBuilder.DropTable(
                name: "mail_recipient_deliveries");
        }
    }
}
