// The header row of the household import file, exactly as the Rust importer expects it
// (crates/store/src/import.rs COLUMNS). The file's language is always Vietnamese.
export const TEMPLATE_COLUMNS = [
  "Mã hộ",
  "Thôn",
  "Họ và tên",
  "Ngày sinh",
  "Giới tính",
  "Số CCCD",
  "Điện thoại",
  "Dân tộc",
  "Quan hệ với chủ hộ",
  "Mã tổ",
  "Diện hộ",
  "Ngày thoát nghèo",
] as const;
