using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Foi.Common.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IncomingMail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "AwaitingClassification",
                table: "requests",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "ClassifyReminderSentAt",
                table: "requests",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LastResponseAt",
                table: "requests",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LawKey",
                table: "requests",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateOnly>(
                name: "LongOverdueDate",
                table: "requests",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<long>(
                name: "LongOverdueReminderSentAt",
                table: "requests",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "OverdueReminderSentAt",
                table: "requests",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ResponsesAllowed",
                table: "requests",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "BodyHtml",
                table: "request_messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FromAddress",
                table: "request_messages",
                type: "TEXT",
                maxLength: 320,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FromName",
                table: "request_messages",
                type: "TEXT",
                maxLength: 320,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "IncomingMailId",
                table: "request_messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsAutoReply",
                table: "request_messages",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Notice",
                table: "request_messages",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Law",
                table: "authorities",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "mail_incoming",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    EnvelopeRecipients = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Raw = table.Column<byte[]>(type: "BLOB", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    HeldReason = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    FromAddress = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RoutedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    DiscardReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mail_incoming", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "public_holidays",
                columns: table => new
                {
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_public_holidays", x => x.Date);
                });

            migrationBuilder.CreateTable(
                name: "request_attachments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RequestMessageId = table.Column<int>(type: "INTEGER", nullable: false),
                    Index = table.Column<int>(type: "INTEGER", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 150, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_request_attachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_request_attachments_request_messages_RequestMessageId",
                        column: x => x.RequestMessageId,
                        principalTable: "request_messages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "request_comments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RequestId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<int>(type: "INTEGER", nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    HiddenAt = table.Column<long>(type: "INTEGER", nullable: true),
                    HiddenByUserId = table.Column<int>(type: "INTEGER", nullable: true),
                    ReportCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_request_comments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_request_comments_requests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "request_events",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RequestId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    UserId = table.Column<int>(type: "INTEGER", nullable: true),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_request_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_request_events_requests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mail_incoming_deliveries",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IncomingMailId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestId = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DeliveredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RoutedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mail_incoming_deliveries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_mail_incoming_deliveries_mail_incoming_IncomingMailId",
                        column: x => x.IncomingMailId,
                        principalTable: "mail_incoming",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "request_comment_reports",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CommentId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_request_comment_reports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_request_comment_reports_request_comments_CommentId",
                        column: x => x.CommentId,
                        principalTable: "request_comments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_requests_State_DueDate",
                table: "requests",
                columns: new[] { "State", "DueDate" });

            migrationBuilder.CreateIndex(
                name: "IX_request_messages_IncomingMailId_RequestId",
                table: "request_messages",
                columns: new[] { "IncomingMailId", "RequestId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_request_messages_OutgoingMailId",
                table: "request_messages",
                column: "OutgoingMailId");

            migrationBuilder.CreateIndex(
                name: "IX_mail_incoming_MessageId",
                table: "mail_incoming",
                column: "MessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_mail_incoming_Sha256",
                table: "mail_incoming",
                column: "Sha256",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_mail_incoming_State_ReceivedAt",
                table: "mail_incoming",
                columns: new[] { "State", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_mail_incoming_deliveries_DeliveredAt",
                table: "mail_incoming_deliveries",
                column: "DeliveredAt");

            migrationBuilder.CreateIndex(
                name: "IX_mail_incoming_deliveries_IncomingMailId_RequestId",
                table: "mail_incoming_deliveries",
                columns: new[] { "IncomingMailId", "RequestId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_request_attachments_RequestMessageId_Index",
                table: "request_attachments",
                columns: new[] { "RequestMessageId", "Index" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_request_comment_reports_CommentId_UserId",
                table: "request_comment_reports",
                columns: new[] { "CommentId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_request_comments_RequestId_CreatedAt",
                table: "request_comments",
                columns: new[] { "RequestId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_request_events_RequestId_CreatedAt",
                table: "request_events",
                columns: new[] { "RequestId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "mail_incoming_deliveries");

            migrationBuilder.DropTable(
                name: "public_holidays");

            migrationBuilder.DropTable(
                name: "request_attachments");

            migrationBuilder.DropTable(
                name: "request_comment_reports");

            migrationBuilder.DropTable(
                name: "request_events");

            migrationBuilder.DropTable(
                name: "mail_incoming");

            migrationBuilder.DropTable(
                name: "request_comments");

            migrationBuilder.DropIndex(
                name: "IX_requests_State_DueDate",
                table: "requests");

            migrationBuilder.DropIndex(
                name: "IX_request_messages_IncomingMailId_RequestId",
                table: "request_messages");

            migrationBuilder.DropIndex(
                name: "IX_request_messages_OutgoingMailId",
                table: "request_messages");

            migrationBuilder.DropColumn(
                name: "AwaitingClassification",
                table: "requests");

            migrationBuilder.DropColumn(
                name: "ClassifyReminderSentAt",
                table: "requests");

            migrationBuilder.DropColumn(
                name: "LastResponseAt",
                table: "requests");

            migrationBuilder.DropColumn(
                name: "LawKey",
                table: "requests");

            migrationBuilder.DropColumn(
                name: "LongOverdueDate",
                table: "requests");

            migrationBuilder.DropColumn(
                name: "LongOverdueReminderSentAt",
                table: "requests");

            migrationBuilder.DropColumn(
                name: "OverdueReminderSentAt",
                table: "requests");

            migrationBuilder.DropColumn(
                name: "ResponsesAllowed",
                table: "requests");

            migrationBuilder.DropColumn(
                name: "BodyHtml",
                table: "request_messages");

            migrationBuilder.DropColumn(
                name: "FromAddress",
                table: "request_messages");

            migrationBuilder.DropColumn(
                name: "FromName",
                table: "request_messages");

            migrationBuilder.DropColumn(
                name: "IncomingMailId",
                table: "request_messages");

            migrationBuilder.DropColumn(
                name: "IsAutoReply",
                table: "request_messages");

            migrationBuilder.DropColumn(
                name: "Notice",
                table: "request_messages");

            migrationBuilder.DropColumn(
                name: "Law",
                table: "authorities");
        }
    }
}
