package com.usageintel.pipeline.generate;

/** The seven markets, with each one's share of users and the aliases and native names seen in the raw file. */
enum Region {
  FRANCE(14, "France", "france", "FR", " France"),
  GERMANY(30, "Germany", "Deutschland", "germany", "DE", "GERMANY"),
  ITALY(10, "Italy", "Italia", "italy", "IT"),
  NETHERLANDS(11, "Netherlands", "Holland", "the Netherlands", "NL", "netherlands"),
  POLAND(10, "Poland", "Polska", "poland", "PL"),
  SPAIN(10, "Spain", "españa", "España", "ES", "spain"),
  UK(15, "UK", "uk", "U.K.", "United Kingdom", "GB", "Great Britain");

  final double userShare;
  final Spelling spelling;

  Region(double userShare, String canonical, String... variants) {
    this.userShare = userShare;
    this.spelling = new Spelling(canonical, variants);
  }
}
