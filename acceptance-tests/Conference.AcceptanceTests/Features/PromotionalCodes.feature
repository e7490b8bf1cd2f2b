@registration
Feature: Promotional codes
  In order to pay what the business customer offered me
  As a registrant
  I want to enter promotional codes before paying and see each discount and the new total

  Background:
    Given the published conference "CQRS Summit 2012" with these seat types:
      | Name                      | Price | Quota |
      | General admission         | 199   | 100   |
      | CQRS Workshop             | 500   | 100   |
      | Additional cocktail party | 50    | 100   |
    And these promotional codes:
      | Code        | Discount | Kind    | Quota     | AppliesTo                            | Combining  |
      | SPEAKER123  | 100      | percent | unlimited | all                                  | —          |
      | VOLUNTEER   | 100      | percent | unlimited | General admission                    | —          |
      | COPRESENTER | 10       | percent | unlimited | Additional cocktail party            | exclusive  |
      | WS10        | 20       | amount  | unlimited | all                                  | cumulative |
      | 1TIMEPRECON | 50       | percent | 1         | CQRS Workshop                        | —          |
      | CONFONLY    | 50       | amount  | 1         | General admission, CQRS Workshop     | —          |

  Scenario Outline: Codes entered on the registrant page
    Given the registrant selects these seats:
      | SeatType                  | Quantity    |
      | General admission         | <general>   |
      | CQRS Workshop             | <workshop>  |
      | Additional cocktail party | <cocktail>  |
    And the registrant proceeds to make the reservation
    Then the total should read "<before>"
    When the registrant enters the promotional codes "<codes>"
    Then the code "<code>" is <outcome>
    And the total should read "<total>"

    Examples:
      | general | workshop | cocktail | before    | codes                 | code        | outcome  | total     |
      | 3       | 1        | 2        | $1,197.00 | SPEAKER123            | SPEAKER123  | applied  | $0.00     |
      | 3       | 1        | 2        | $1,197.00 | VOLUNTEER             | VOLUNTEER   | applied  | $600.00   |
      | 3       | 1        | 2        | $1,197.00 | COPRESENTER WS10      | WS10        | applied  | $1,167.00 |
      | 3       | 1        | 2        | $1,197.00 | COPRESENTER VOLUNTEER | VOLUNTEER   | refused  | $1,187.00 |
      | 2       | 1        | 0        | $898.00   | 1TIMEPRECON           | 1TIMEPRECON | applied  | $648.00   |
      | 1       | 1        | 1        | $749.00   | CONFONLY              | CONFONLY    | applied  | $699.00   |
      | 0       | 0        | 2        | $100.00   | VOLUNTEER             | VOLUNTEER   | refused  | $100.00   |

  Scenario: A single-use code is refused on a second order once used
    Given the registrant selects these seats:
      | SeatType          | Quantity |
      | General admission | 2        |
      | CQRS Workshop     | 1        |
    And the registrant proceeds to make the reservation
    And the registrant enters the promotional codes "1TIMEPRECON"
    Then the total should read "$648.00"
    When another registrant enters "1TIMEPRECON" on an order of 2 "General admission" and 1 "CQRS Workshop"
    Then the other registrant's code "1TIMEPRECON" is refused as used up
