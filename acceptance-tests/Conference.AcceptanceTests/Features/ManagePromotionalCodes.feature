@management
Feature: Promotional codes on the management site
  In order to give registrants discounts
  As a business customer
  I want to create and change my conference's promotional codes, and be told plainly what is wrong with one

  Scenario: A percentage code and an amount off the order are created, and one is changed
    Given a business customer has created the conference "Codes summit" with slug "codes"
    And the conference has these seat types:
      | Name              | Price | Quota |
      | General admission | 199   | 100   |
      | Workshop          | 500   | 20    |
    When the business customer adds the promotional code "EARLY10" of 10 percent for "Workshop" with a quota of 5
    And the business customer adds the promotional code "TAKE50" of 50 off the order for "all" with no quota
    Then the promotional codes read:
      | Code    | Discount             | AppliesTo | Quota     |
      | EARLY10 | 10%                  | Workshop  | 5         |
      | TAKE50  | $50.00 off the order | all       | unlimited |
    When the business customer changes the promotional code "EARLY10" to 15 percent with a quota of 8
    Then the promotional codes read:
      | Code    | Discount             | AppliesTo | Quota     |
      | EARLY10 | 15%                  | Workshop  | 8         |
      | TAKE50  | $50.00 off the order | all       | unlimited |

  Scenario: Promotional codes with bad input are refused with a message, never an error page
    Given a business customer has created the conference "Bad codes summit" with slug "badcodes"
    And the conference has these seat types:
      | Name              | Price | Quota |
      | General admission | 199   | 100   |
      | Workshop          | 500   | 20    |
    Then each of these promotional codes is refused with its message:
      | Code       | Amount | Kind    | AppliesTo            | Quota | Message                                                                      |
      | 500 x A    | 10     | percent | all                  |       | A code is at most 20 letters and digits.                                     |
      | NEG5       | -5     | percent | all                  |       | The discount must be between 0.01 and 100000.                                |
      | MORE       | 101    | percent | all                  |       | A percentage is at most 100.                                                 |
      | ZERO       | 10     | percent | all                  | 0     | The quota must be at least 1 use (leave it empty for unlimited).             |
      | MANY       | 10     | percent | Workshop             | 21    | The quota cannot be larger than the 20 seats of the seat types it applies to. |
      | GHOST      | 10     | percent | an unknown seat type |       | One of the seat types chosen is not a seat type of this conference.          |
    And the conference has no promotional codes

  Scenario: A code with a quota is refused while the conference has no seat types
    Given a business customer has created the conference "Empty codes summit" with slug "nocodes"
    When the business customer tries to add the promotional code "EMPTY" of 10 percent for "all" with a quota of 1
    Then the form says "The quota cannot be larger than the 0 seats of the seat types it applies to."
    And the conference has no promotional codes
