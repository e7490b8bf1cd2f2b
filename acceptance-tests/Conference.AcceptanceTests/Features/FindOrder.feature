@registration
Feature: Find an order and reassign its seats
  In order to manage my order later, from any browser
  As a registrant
  I want to find it with my email and access code and change who sits on my seats

  Scenario: The registrant finds the order and reassigns a seat
    Given the published conference "CQRS Summit 2012" with these seat types:
      | Name              | Price | Quota |
      | General admission | 199   | 100   |
    And the registrant selects these seats:
      | SeatType          | Quantity |
      | General admission | 2        |
    And the registrant proceeds to make the reservation
    And the registrant enters these details: "William" "Flash" "william@fabrikam.com"
    And the registrant proceeds to payment
    When the payment is accepted
    Then the order is confirmed with an access code
    When someone tries to find the order with a wrong access code
    Then the page shows the message "No order of this conference matches that email address and access code."
    When someone else finds the order with the registrant's email and access code
    And the registrant tries to assign these seats:
      | SeatType          | FirstName | LastName | Email              |
      | General admission | Jim       |          | jim@litwareinc.com |
    Then the page shows the message "Enter the attendee's last name."
    When the registrant assigns these seats:
      | SeatType          | FirstName | LastName | Email              |
      | General admission | Jim       | Corbin   | jim@litwareinc.com |
    And the registrant unassigns the "General admission" seat of "jim@litwareinc.com"
    Then no seat is assigned to "jim@litwareinc.com"

  Scenario: After the server refuses the attendees, the first click on "Save attendees" saves them
    Given the published conference "CQRS Summit 2012" with these seat types:
      | Name              | Price | Quota |
      | General admission | 199   | 100   |
    And the registrant selects these seats:
      | SeatType          | Quantity |
      | General admission | 1        |
    And the registrant proceeds to make the reservation
    And the registrant enters these details: "William" "Flash" "william@fabrikam.com"
    And the registrant proceeds to payment
    When the payment is accepted
    Then the order is confirmed with an access code
    When the server refuses these attendees:
      | SeatType          | FirstName | LastName | Email              |
      | General admission | Jim       |          | jim@litwareinc.com |
    Then the page shows the message "Enter the attendee's last name."
    When the registrant types the last name "Corbin" and clicks "Save attendees" once
    Then the attendees are saved
    And these seats are assigned:
      | SeatType          | FirstName | LastName | Email              |
      | General admission | Jim       | Corbin   | jim@litwareinc.com |
