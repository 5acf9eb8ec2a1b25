/** Given names and family names the fictional staff are drawn from. */

/** Name lists for one region: given names and family names. */
export interface NamePool {
  first: readonly string[];
  last: readonly string[];
}

const US_FIRST = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael',
  'Linda', 'David', 'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan',
  'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Christopher', 'Karen', 'Daniel',
  'Lisa', 'Matthew', 'Nancy', 'Anthony', 'Betty', 'Mark', 'Sandra', 'Steven',
  'Ashley', 'Andrew', 'Kimberly', 'Joshua', 'Emily', 'Kevin', 'Donna',
  'Brian', 'Michelle', 'Ryan', 'Amanda', 'Jacob', 'Melissa', 'Tyler',
  'Rebecca', 'Aaron', 'Laura', 'Luis', 'Rosa', 'Carlos', 'Ana', 'Marcus',
  'Tanya', 'Derek', 'Megan', 'Greg', 'Heather', 'Scott', 'Nicole',
];

const US_LAST = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis',
  'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Martin', 'Jackson',
  'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker',
  'Young', 'Allen', 'King', 'Wright', 'Scott', 'Hill', 'Green', 'Adams',
  'Baker', 'Nelson', 'Carter', 'Mitchell', 'Roberts', 'Schmidt', 'Mueller',
  'Kowalski', 'Nowak', 'Olson', 'Larson', 'Peterson', 'Hansen', 'Schultz',
  'Becker', 'Krueger', 'Wagner', 'Garcia', 'Martinez', 'Hernandez', 'Lopez',
  'Gonzalez', 'Ramirez', 'Nguyen', 'Kim', 'Patel', 'Novak', 'Fischer',
  'Weber', 'Hoffman', 'Zimmerman',
];

const UK_FIRST = [
  'Oliver', 'Amelia', 'George', 'Isla', 'Harry', 'Ava', 'Jack', 'Mia',
  'Charlie', 'Grace', 'Thomas', 'Sophie', 'Oscar', 'Lily', 'William',
  'Emily', 'James', 'Chloe', 'Alfie', 'Ella', 'Joshua', 'Jessica', 'Callum',
  'Hannah', 'Liam', 'Rachel', 'Gareth', 'Siobhan', 'Rhys', 'Bethany',
  'Imran', 'Aisha', 'Hamza', 'Priya', 'Tariq', 'Nadia', 'Connor', 'Zoe',
  'Stuart', 'Fiona',
];

const UK_LAST = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson',
  'Davies', 'Robinson', 'Wright', 'Thompson', 'Evans', 'Walker', 'White',
  'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke', 'Hughes',
  'Edwards', 'Turner', 'Hill', 'Cooper', 'Ward', 'Morris', 'Harrison',
  'Khan', 'Hussain', 'Ali', 'Ahmed', 'Begum', 'Singh', 'Kaur', 'Bennett',
  'Marsh', 'Fletcher', 'Holloway', 'Pritchard',
];

const IN_FIRST = [
  'Aarav', 'Ananya', 'Vivaan', 'Diya', 'Aditya', 'Isha', 'Arjun', 'Priya',
  'Rohan', 'Sneha', 'Karan', 'Pooja', 'Siddharth', 'Neha', 'Rahul', 'Kavya',
  'Vikram', 'Anjali', 'Nikhil', 'Shruti', 'Amit', 'Riya', 'Sanjay',
  'Meera', 'Rajesh', 'Divya', 'Suresh', 'Lakshmi', 'Harish', 'Swati',
  'Omkar', 'Tejas', 'Aishwarya', 'Prasad', 'Mrunal', 'Gaurav', 'Pallavi',
  'Yash', 'Sakshi', 'Abhishek',
];

const IN_LAST = [
  'Sharma', 'Patil', 'Kulkarni', 'Deshpande', 'Joshi', 'Kale', 'Pawar',
  'Jadhav', 'Shinde', 'Gokhale', 'Bhosale', 'More', 'Chavan', 'Gupta',
  'Iyer', 'Nair', 'Rao', 'Reddy', 'Menon', 'Mehta', 'Shah', 'Verma',
  'Agarwal', 'Banerjee', 'Mukherjee', 'Das', 'Pillai', 'Naidu', 'Kapoor',
  'Malhotra', 'Saxena', 'Bhat', 'Apte', 'Gadgil', 'Kamat', 'Sawant',
  'Wagh', 'Thakur', 'Ghosh', 'Krishnan',
];

/** Names by office: the US offices share the US lists. */
export const NAMES: Record<string, NamePool> = {
  MKE: { first: US_FIRST, last: US_LAST },
  CHI: { first: US_FIRST, last: US_LAST },
  BHM: { first: UK_FIRST, last: UK_LAST },
  PUN: { first: IN_FIRST, last: IN_LAST },
};
