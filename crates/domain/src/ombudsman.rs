//! The Ombudsmen a complaint scheme can name, with the contact blocks that letters carry
//! (Code 2.4, 3.7, 6.5, 6.16, 6.19: residents must be told how to reach the Ombudsman).

/// Housing complaints go to the Housing Ombudsman.
pub const HOUSING_OMBUDSMAN: &str = "Housing Ombudsman Service";
pub const HOUSING_OMBUDSMAN_CONTACT: &str = "Housing Ombudsman Service, PO Box 1484, Unit D, Preston, PR2 0ET. \
Telephone: 0300 111 3000. Email: info@housing-ombudsman.org.uk. Website: www.housing-ombudsman.org.uk";

/// A council's other services go to the Local Government and Social Care Ombudsman.
pub const LGSCO: &str = "Local Government and Social Care Ombudsman";
pub const LGSCO_CONTACT: &str = "Local Government and Social Care Ombudsman, PO Box 4771, Coventry, CV4 0EH. \
Telephone: 0300 061 0614. Website: www.lgo.org.uk";
