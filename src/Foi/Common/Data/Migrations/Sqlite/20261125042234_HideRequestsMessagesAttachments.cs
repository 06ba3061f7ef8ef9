using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Foi.Common.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class HideRequestsMessagesAttachments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "HiddenAt",
                table: "requests",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "HiddenByUserId",
                table: "requests",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HiddenReason",
                table: "requests",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "HiddenAt",
                table: "request_messages",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "HiddenByUserId",
                table: "request_messages",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HiddenReason",
                table: "request_messages",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "HiddenAt",
                table: "request_attachments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "HiddenByUserId",
                table: "request_attachments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HiddenReason",
                table: "request_attachments",
                type: "TEXT",
                maxLength: 500,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "HiddenAt",
                table: "requests");

            migrationBuilder.DropColumn(
                name: "HiddenByUserId",
                table: "requests");

            migrationBuilder.DropColumn(
                name: "HiddenReason",
                table: "requests");

            migrationBuilder.DropColumn(
                name: "HiddenAt",
                table: "request_messages");

            migrationBuilder.DropColumn(
                name: "HiddenByUserId",
                table: "request_messages");

            migrationBuilder.DropColumn(
                name: "HiddenReason",
                table: "request_messages");

            migrationBuilder.DropColumn(
                name: "HiddenAt",
                table: "request_attachments");

            migrationBuilder.DropColumn(
                name: "HiddenByUserId",
                table: "request_attachments");

            migrationBuilder.DropColumn(
                name: "HiddenReason",
                table: "request_attachments");
        }
    }
}
