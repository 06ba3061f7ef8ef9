using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Foi.Common.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WithheldAttachments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "withheld_attachments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AttachmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestId = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    FoundAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReplacementFileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ReplacementContentType = table.Column<string>(type: "TEXT", maxLength: 150, nullable: true),
                    ReplacementContent = table.Column<byte[]>(type: "BLOB", nullable: true),
                    ReplacedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReplacedByUserId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_withheld_attachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_withheld_attachments_request_attachments_AttachmentId",
                        column: x => x.AttachmentId,
                        principalTable: "request_attachments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_withheld_attachments_AttachmentId",
                table: "withheld_attachments",
                column: "AttachmentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_withheld_attachments_FoundAt",
                table: "withheld_attachments",
                column: "FoundAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "withheld_attachments");
        }
    }
}
