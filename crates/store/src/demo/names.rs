//! Name tables of the demo commune: common Kinh family, middle and given names, and H're,
//! Cor and Xơ Đăng forms as written in Quảng Ngãi's mountain communes.

pub(super) const FAMILY: &[&str] = &[
    "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Lê", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương",
    "Bùi", "Đặng", "Đỗ", "Ngô", "Hồ", "Dương", "Đinh", "Hà", "Cao",
];
pub(super) const MIDDLE_M: &[&str] = &[
    "Văn", "Văn", "Đức", "Minh", "Hữu", "Quang", "Thanh", "Công", "Ngọc",
];
pub(super) const MIDDLE_F: &[&str] = &["Thị", "Thị", "Thị", "Ngọc", "Kim", "Thu", "Thanh", "Mỹ"];
pub(super) const GIVEN_M: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Long", "Nam", "Phúc", "Quý", "Sơn", "Tâm",
    "Tuấn", "Lâm", "Đức", "Hòa", "Khánh", "Trung", "Vinh", "Thắng",
];
pub(super) const GIVEN_F: &[&str] = &[
    "Hương",
    "Hà",
    "Hạnh",
    "Hoa",
    "Lan",
    "Linh",
    "Mai",
    "Nga",
    "Thảo",
    "Thủy",
    "Trang",
    "Vân",
    "Yến",
    "Hoà",
    "Thuý",
    "Nhung",
    "Liên",
    "Phượng",
    "Đào",
    "Xuân",
];
/// H're and Cor names as written in Quảng Ngãi's mountain communes, and Xơ Đăng forms.
pub(super) const ETHNIC_FAMILY: &[&str] = &["Đinh", "Đinh", "Phạm", "Hồ", "Cao", "Đinh Thị"];
pub(super) const ETHNIC_GIVEN: &[&str] = &[
    "Lây", "Nhiêu", "Pói", "Ríu", "H'Rin", "Blông", "Xoong", "Mía", "Vên", "Trơ", "Bứa", "Y Bih",
    "A Tung", "Kơ",
];
pub(super) const VILLAGES: &[&str] = &[
    "Gò Chè",
    "Dư Bình",
    "Mai Lãnh",
    "Diệp Thượng",
    "Biều Qua",
    "Làng Ren",
    "Hà Liệt",
    "Thác Trắng",
];
pub(super) const ETHNICITY_KINH: &str = "Kinh";
pub(super) const ETHNICITY_HRE: &str = "H're";
