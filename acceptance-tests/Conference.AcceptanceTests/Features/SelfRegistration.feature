@registration
Feature: Self registration
  In order to attend a conference
  As a registrant
  I want to reserve seats, give my details, pay and assign attendees to my seats

  Background:
    Given the published conference "CQRS Summit 2012" with these seat types:
      | Name                      | Price | Quota |
      | General admission         | 199   | 100   |
      | CQRS Workshop             | 500   | 100   |
      | Additional cocktail party | 50    | 100   |

  Scenario: Self registration end to end
    Given the registrant selects these seats:
      | SeatType                  | Quantity |
      | General admission         | 1        |
      | Additional cocktail party | 1        |
    And the registrant proceeds to make the reservation
    Then the reservation is confirmed for all the selected seats
    And the total should read "$249.00"
    And the countdown started
    When the registrant enters these details: "William" "Flash" "william@fabrikam.com"
    And the registrant proceeds to payment
    And the payment is accepted
    Then the order is confirmed with an access code
    And the access code is emailed to the registrant
    And the registrant assigns these seats:
      | SeatType                  | FirstName | LastName | Email                |
      | General admission         | William   | Flash    | william@fabrikam.com |
      | Additional cocktail party | Jim       | Corbin   | jim@litwareinc.com   |
    And these seats are assigned:
      | SeatType                  | FirstName | LastName | Email                |
      | General admission         | William   | Flash    | william@fabrikam.com |
      | Additional cocktail party | Jim       | Corbin   | jim@litwareinc.com   |

  Scenario: The payment is rejected
    Given the registrant selects these seats:
      | SeatType          | Quantity |
      | General admission | 2        |
    And the registrant proceeds to make the reservation
    And the registrant enters these details: "Ann" "Lee" "ann@contoso.com"
    And the registrant proceeds to payment
    When the payment is rejected
    Then the payment is shown as rejected and the seats are still reserved

  Scenario: Invalid registrant details are refused with clear messages
    Given the registrant selects these seats:
      | SeatType      | Quantity |
      | CQRS Workshop | 1        |
    And the registrant proceeds to make the reservation
    When the registrant enters these details: "" "Flash" "not-an-email"
    And the registrant submits the details
    Then the page shows the message "Enter your first name."
    And the page shows the message "Enter a valid email address."
