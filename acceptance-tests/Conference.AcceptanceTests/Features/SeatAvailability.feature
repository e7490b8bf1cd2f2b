@registration
Feature: Seat availability
  In order to reserve seats that exist
  As a registrant
  I want to see what is available and get at most what is left

  Background:
    Given the published conference "CQRS Summit 2012" with these seat types:
      | Name                      | Price | Quota |
      | General admission         | 199   | 100   |
      | CQRS Workshop             | 500   | 3     |
      | Additional cocktail party | 50    | 100   |

  Scenario: All the seats are available and all get reserved
    Given the registrant selects these seats:
      | SeatType                  | Quantity |
      | General admission         | 1        |
      | CQRS Workshop             | 1        |
      | Additional cocktail party | 1        |
    When the registrant proceeds to make the reservation
    Then the reservation is confirmed for all the selected seats
    And the total should read "$749.00"
    And the countdown started

  Scenario: Only part of the order can be reserved
    Given the registrant opens the seat selection
    And the registrant selects these seats:
      | SeatType          | Quantity |
      | CQRS Workshop     | 3        |
      | General admission | 1        |
    And another registrant has reserved 2 "CQRS Workshop" seats
    When the registrant proceeds to make the reservation
    Then the reservation is partial
    And these seats are reserved:
      | SeatType          | Quantity |
      | CQRS Workshop     | 1        |
      | General admission | 1        |
    And the total should read "$699.00"

  Scenario: A sold out seat type cannot be chosen
    Given another registrant has reserved 3 "CQRS Workshop" seats
    When the registrant opens the seat selection
    Then "CQRS Workshop" is shown as sold out
    And at most 20 "General admission" seats can be chosen

  Scenario: Two registrants race for the last seats
    When two registrants each submit 3 "CQRS Workshop" seats at the same time
    Then together they hold at most 3 "CQRS Workshop" seats
