// Filled by the office reader work.
