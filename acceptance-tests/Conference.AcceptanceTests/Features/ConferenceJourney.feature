@registration @journey
Feature: From the management site to the registration site and back
  In order to sell seats for my conference
  As a business customer
  I want what I publish to be what registrants can buy, and to see what they bought

  Scenario: A published conference opens for registration and closes when unpublished
    Given a business customer has created the conference "Journey summit" with slug "journey"
    And the conference has a seat type "General admission" priced at 199 with a quota of 20
    Then the conference "Journey summit" is not open for registration
    When the business customer publishes the conference
    Then the conference "Journey summit" is open for registration
    When the business customer unpublishes the conference
    Then the conference "Journey summit" is not open for registration

  Scenario: A quota change shows in the seats registrants can choose from
    Given a business customer has published the conference "Quota summit" with slug "quota" and these seat types:
      | Name              | Price | Quota |
      | General admission | 199   | 10    |
    Then registrants can choose from 10 "General admission" seats
    When the business customer changes the quota of "General admission" to 25
    Then registrants can choose from 25 "General admission" seats
    When the business customer changes the quota of "General admission" to 4
    Then registrants can choose from 4 "General admission" seats

  Scenario: A business customer publishes a conference, a registrant buys and assigns seats, the business customer sees the attendees
    Given a business customer has published the conference "Full journey summit" with slug "fulljourney" and these seat types:
      | Name                      | Price | Quota |
      | General admission         | 199   | 100   |
      | Additional cocktail party | 50    | 100   |
    When a registrant opens the conference "Full journey summit" on the registration site
    And the registrant selects these seats:
      | SeatType                  | Quantity |
      | General admission         | 1        |
      | Additional cocktail party | 1        |
    And the registrant proceeds to make the reservation
    Then the reservation is confirmed for all the selected seats
    And the total should read "$249.00"
    When the registrant enters these details: "William" "Flash" "william@fabrikam.com"
    And the registrant proceeds to payment
    And the payment is accepted
    Then the order is confirmed with an access code
    When the registrant assigns these seats:
      | SeatType                  | FirstName | LastName | Email                |
      | General admission         | William   | Flash    | william@fabrikam.com |
      | Additional cocktail party | Jim       | Corbin   | jim@litwareinc.com   |
    Then the business customer sees the confirmed order of "William Flash" totalling "$249.00"
    And the business customer sees these attendees on the order of "William Flash":
      | SeatType                  | Attendee                                 |
      | General admission         | William Flash (william@fabrikam.com)     |
      | Additional cocktail party | Jim Corbin (jim@litwareinc.com)          |
